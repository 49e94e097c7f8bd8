// The header menu folds behind its button on narrow screens (see base.html and app.css).
(function () {
  "use strict";
  var menu = document.querySelector("details.menu");
  if (!menu || !window.matchMedia) return;
  var narrow = window.matchMedia("(max-width: 40rem)");
  function fit() { menu.open = !narrow.matches; }
  fit();
  if (narrow.addEventListener) narrow.addEventListener("change", fit);
})();
