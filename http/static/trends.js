// Draws the trend chart of /work/trends from the JSON the page embeds
// (#trend-data) with the vendored Chart.js. A click on a point opens the
// appeals behind it. Without JavaScript the page's table says the same.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("trend-data");
    var canvas = document.getElementById("trend-chart");
    if (!holder || !canvas || typeof Chart === "undefined") return;
    var d = JSON.parse(holder.textContent);
    var palette = ["#c8102e", "#0b4ea2", "#2a9d8f", "#e9a23b", "#6a4c93", "#8d99ae", "#f4a261", "#264653", "#e76f51", "#43aa8b"];
    var chart = new Chart(canvas, {
      type: d.series.length === 1 ? "bar" : "line",
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s, i) {
          var c = palette[i % palette.length];
          return { label: s.label, data: s.data, borderColor: c, backgroundColor: c, tension: 0.2, pointRadius: 3 };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", intersect: true },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        onClick: function (evt) {
          var hit = chart.getElementsAtEventForMode(evt, "nearest", { intersect: true }, true)[0];
          if (!hit) return;
          var href = d.series[hit.datasetIndex].hrefs[hit.index];
          if (href) window.location.href = href;
        }
      }
    });
    canvas.setAttribute("data-ready", "1");
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
