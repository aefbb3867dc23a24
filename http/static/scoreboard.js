// Draws the public scoreboard's bar chart (/scoreboard) from the JSON the
// page embeds (#score-data) with the vendored Chart.js: per unit, the
// satisfaction, on-time and resolution rates in per cent. The table under
// it says the same without JavaScript.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("score-data");
    var canvas = document.getElementById("score-chart");
    if (!holder || !canvas || typeof Chart === "undefined") return;
    var d = JSON.parse(holder.textContent);
    var palette = ["#c8102e", "#0b4ea2", "#2a9d8f"];
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: d.labels,
        datasets: d.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: palette[i % palette.length] };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } } }
      }
    });
    canvas.setAttribute("data-ready", "1");
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
