// After a form comes back with errors, move the keyboard focus to the summary of errors, so
// that a screen reader reads it out and Tab leads from it to the links to each field. The
// summary also has role="alert"; without JavaScript it is still the first thing in the form.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  });
})();
