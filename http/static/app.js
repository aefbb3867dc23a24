// Small enhancements; every page works without them.
(function () {
  "use strict";
  // Live character counter for textareas with data-counter="<id of output>".
  function bindCounter(ta) {
    var out = document.getElementById(ta.getAttribute("data-counter"));
    var max = parseInt(ta.getAttribute("maxlength"), 10) || 0;
    if (!out || !max) return;
    var en = document.documentElement.lang === "en";
    function update() {
      var n = Array.from(ta.value).length;
      out.textContent = en ? n + " / " + max + " characters" : "已输入 " + n + " / " + max + " 字";
      out.classList.toggle("over", n > max);
    }
    ta.addEventListener("input", update);
    update();
  }
  function init(root) {
    root.querySelectorAll("textarea[data-counter]").forEach(bindCounter);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (e) { init(e.target); });
})();
