// Live chat: an EventSource on the chat's (or the console's) event stream.
// Each event makes htmx reload the part of the page marked with
// hx-trigger="chat-changed from:body", rendered by the server as on first
// load; a change of the chat's status reloads the whole page, whose forms
// depend on it. Without JavaScript the pages work with reloads.
(function () {
  "use strict";
  var root = document.querySelector("[data-events]");
  if (!root || !window.EventSource || !window.htmx) return;
  var status = root.getAttribute("data-status");
  var source = new EventSource(root.getAttribute("data-events"));
  var queued = false;
  function refresh() {
    if (queued) return;
    queued = true;
    // Events come in bursts (state, then messages): one reload for all.
    setTimeout(function () {
      queued = false;
      htmx.trigger(document.body, "chat-changed");
    }, 80);
  }
  source.addEventListener("state", function (e) {
    if (status) {
      var s = JSON.parse(e.data);
      if (s.status !== status) {
        source.close();
        window.location.reload();
        return;
      }
    }
    refresh();
  });
  source.addEventListener("message", refresh);
  source.addEventListener("queue", refresh);
  window.addEventListener("pagehide", function () { source.close(); });
  // A form being sent loads the next page: a reload now would abort it.
  document.addEventListener("submit", function () { source.close(); });

  // Keep the newest message in view.
  function scroll() {
    var logs = document.querySelectorAll(".chat-log");
    for (var i = 0; i < logs.length; i++) logs[i].scrollTop = logs[i].scrollHeight;
  }
  document.body.addEventListener("htmx:afterSwap", scroll);
  scroll();
})();
