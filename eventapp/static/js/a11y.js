// Small accessibility helpers for every page; without JavaScript the pages work as they are.
//
// 1. After a form comes back with errors, move the keyboard focus to the summary of errors,
//    so that a screen reader reads it out and Tab leads from it to the links to each field.
//    The summary also has role="alert"; without JavaScript it is the first thing in the form.
// 2. A wide table scrolls sideways inside its .table-wrap on a narrow screen: such a region
//    can be reached with Tab and scrolled with the arrow keys (WCAG 2.1.1), and a table with
//    a caption makes it a region named after it for screen readers.
(function () {
  "use strict";

  function focusErrorSummary() {
    var summary = document.getElementById("error-summary");
    if (summary) {
      summary.focus();
    }
  }

  function nameOf(wrap) {
    // Not the heading above: it often names a section already, and two landmarks of one
    // name would only confuse.
    var caption = wrap.querySelector("caption");
    return caption ? caption.textContent.trim() : "";
  }

  function makeScrollingTablesReachable() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      if (scrolls && !wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("data-a11y-scroll", "");
        var name = nameOf(wrap);
        if (name && !wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", name);
        }
      } else if (!scrolls && wrap.hasAttribute("data-a11y-scroll")) {
        // Wide enough again (a rotated phone): no needless stop for the Tab key.
        ["tabindex", "data-a11y-scroll", "role", "aria-label"].forEach(function (attribute) {
          wrap.removeAttribute(attribute);
        });
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary();
    makeScrollingTablesReachable();
    var pending;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(makeScrollingTablesReachable, 200);
    });
  });
})();
