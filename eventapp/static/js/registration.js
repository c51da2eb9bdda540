// Progressive enhancement of the registration form: show the questions that apply to the
// chosen kind of organization, and keep two overlapping sessions from both being ticked.
// Without JavaScript every question is shown and the server checks everything itself.
(function () {
  "use strict";

  function showQuestionsFor(select) {
    var option = select.options[select.selectedIndex];
    var code = option ? option.getAttribute("data-code") : null;
    document.querySelectorAll("[data-show-for]").forEach(function (group) {
      var codes = group.getAttribute("data-show-for").split(" ");
      group.hidden = codes.indexOf(code) === -1;
    });
  }

  function overlaps(a, b) {
    return new Date(a.dataset.starts) < new Date(b.dataset.ends) &&
      new Date(b.dataset.starts) < new Date(a.dataset.ends);
  }

  function lockOverlapping(boxes) {
    boxes.forEach(function (box) {
      var clash = boxes.some(function (other) {
        return other !== box && other.checked && overlaps(box, other);
      });
      box.disabled = clash && !box.checked;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var select = document.getElementById("organization_type");
    if (select) {
      select.addEventListener("change", function () { showQuestionsFor(select); });
      showQuestionsFor(select);
    }
    var boxes = Array.prototype.slice.call(
      document.querySelectorAll(".session-options input[type=checkbox]"));
    boxes.forEach(function (box) {
      box.addEventListener("change", function () { lockOverlapping(boxes); });
    });
    lockOverlapping(boxes);
  });
})();
