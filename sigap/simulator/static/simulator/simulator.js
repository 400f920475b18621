// The simulator's chat: after a send, focus returns to the message box; new messages keep the
// newest in view (unless the person scrolled up to read).
(function () {
  function toBottom(log, force) {
    if (!log) return;
    var near = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    if (force || near) log.scrollTop = log.scrollHeight;
  }
  document.addEventListener("DOMContentLoaded", function () {
    toBottom(document.getElementById("sim-log"), true);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "sim-phone") {
      toBottom(document.getElementById("sim-log"), true);
      var box = document.getElementById("sim-text");
      if (box) box.focus();
    } else if (target && target.id === "sim-log") {
      toBottom(target, false);
    }
  });
})();
