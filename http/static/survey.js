// Follows a questionnaire's jumps as the respondent answers: the questions
// a chosen option skips are hidden and their inputs disabled, so they are
// neither seen nor sent. The server walks the same path on submit
// (minyi.Survey.Path), so the form also works without this script.
(function () {
  "use strict";
  var form = document.querySelector(".sv-form");
  if (!form) return;
  var qs = Array.prototype.slice.call(form.querySelectorAll(".sv-q"));
  function index(id) {
    for (var i = 0; i < qs.length; i++) if (qs[i].getAttribute("data-qid") === id) return i;
    return -1;
  }
  function update() {
    var on = {}, i = 0;
    while (i < qs.length) {
      on[i] = true;
      var chosen = qs[i].querySelector("input[type=radio][data-next]:checked");
      var next = chosen ? chosen.getAttribute("data-next") : "";
      if (next === "end") break;
      var t = next ? index(next) : -1;
      i = t > i ? t : i + 1;
    }
    qs.forEach(function (q, k) {
      var show = !!on[k];
      q.hidden = !show;
      Array.prototype.forEach.call(q.querySelectorAll("input, textarea"), function (el) { el.disabled = !show; });
    });
  }
  form.addEventListener("change", update);
  update();
})();
