// Small progressive enhancements; every page works without JavaScript.
// sigapEnhance(root) also runs on a server page that outbox.js puts in place of the current one.
function sigapEnhance(root) {
  root.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  root.querySelectorAll("[data-lang-submit]").forEach(function (button) {
    button.classList.add("js-hidden");
  });
  // Cards of a table on a phone (sigap.css) label each cell with its column's header.
  root.querySelectorAll(".table-wrap > table").forEach(function (table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim();
    });
    if (!heads.length) { return; }
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, i) {
        if (!cell.hasAttribute("data-label") && heads[i] && !cell.hasAttribute("colspan")) {
          cell.setAttribute("data-label", heads[i]);
        }
      });
    });
  });
  // Copy buttons stay hidden without JavaScript (or a clipboard) and say when they copied.
  root.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-copy"));
      if (!target) { return; }
      navigator.clipboard.writeText(target.textContent.trim()).then(function () {
        if (button.dataset.copied) { button.textContent = button.dataset.copied; }
      });
    });
  });
}
document.addEventListener("DOMContentLoaded", function () { sigapEnhance(document); });
