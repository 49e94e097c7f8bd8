// Loss page: recompute the "what if" scenario as soon as a choice changes.
// Progressive enhancement only: without this file the form's button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosubmit]");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.tagName === "SELECT") { form.submit(); }
  });
}());
