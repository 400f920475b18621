// The attendance sheet's print button; without JavaScript, the browser's own Print works.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-print]");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
});
