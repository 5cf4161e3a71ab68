// The glossary page (templates/roadmap/glossary.html): a filter box that hides the terms whose name and
// definition do not hold what is typed, and the categories left empty. Without JavaScript the box stays
// hidden and the page is plain HTML, searchable with the browser's find.
document.addEventListener("DOMContentLoaded", function () {
  var box = document.querySelector("[data-glossary-filter]");
  if (!box) {
    return;
  }
  var input = box.querySelector("input");
  var status = box.querySelector("[role=status]");
  var empty = document.querySelector("[data-glossary-empty]");
  var entries = Array.prototype.slice.call(document.querySelectorAll("[data-glossary-entry]"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".glossary-group"));
  box.hidden = false;

  function apply() {
    var wanted = input.value.trim().toLowerCase();
    var shown = 0;
    entries.forEach(function (entry) {
      var match = !wanted || entry.textContent.toLowerCase().indexOf(wanted) !== -1;
      entry.hidden = !match;
      shown += match ? 1 : 0;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector("[data-glossary-entry]:not([hidden])");
    });
    empty.hidden = shown > 0;
    status.textContent = wanted ? box.dataset.status.replace("__shown__", shown).replace("__total__", entries.length) : "";
  }

  input.addEventListener("input", apply);
});
