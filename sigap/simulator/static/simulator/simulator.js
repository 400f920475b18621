// The simulator's chat: after a send, focus returns to the message box; new messages keep the
// newest in view, unless the person had scrolled up to read older ones.
(function () {
  var follow = true;
  function atBottom(log) {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }
  function toBottom() {
    var log = document.getElementById("sim-log");
    if (log) log.scrollTop = log.scrollHeight;
  }
  document.addEventListener("DOMContentLoaded", toBottom);
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "sim-log") follow = atBottom(target);
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.id === "sim-phone") {
      toBottom();
      var box = document.getElementById("sim-text");
      if (box) box.focus();
    } else if (target && target.id === "sim-log" && follow) {
      toBottom();
    }
  });
})();
