// Draws the bar charts of a survey's results page from the JSON the page
// embeds (#survey-charts) with the vendored Chart.js. The tables under
// each chart carry the same figures for readers without JavaScript.
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("survey-charts");
    if (!holder || typeof Chart === "undefined") return;
    JSON.parse(holder.textContent).forEach(function (c) {
      var canvas = document.getElementById(c.canvas);
      if (!canvas) return;
      new Chart(canvas, {
        type: "bar",
        data: { labels: c.labels, datasets: [{ data: c.counts, backgroundColor: "#0b4ea2" }] },
        options: {
          animation: false, responsive: true, maintainAspectRatio: false, indexAxis: c.labels.length > 6 ? "x" : "y",
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } }, y: { beginAtZero: true, ticks: { precision: 0 } } }
        }
      });
      canvas.setAttribute("data-ready", "1");
    });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
