// Type-to-filter for FilterableCheckboxSelectMultiple (courses/widgets.py): hides the options
// whose label does not contain what was typed, ignoring case and Vietnamese accents. Checked
// options always stay visible, so a choice never disappears from view.
(function () {
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
  }
  function setUp(box) {
    var filter = box.querySelector(".filterable-checkboxes__filter");
    var empty = box.querySelector(".filterable-checkboxes__empty");
    var labels = Array.prototype.slice.call(box.querySelectorAll("label"));
    if (!filter || box.dataset.ready) return;
    box.dataset.ready = "1";
    filter.hidden = false;
    filter.addEventListener("input", function () {
      var wanted = fold(filter.value.trim());
      var shown = 0;
      labels.forEach(function (label) {
        var input = label.querySelector("input");
        var match = !wanted || fold(label.textContent).indexOf(wanted) !== -1 || (input && input.checked);
        var row = label.closest("div, li") || label;
        row.hidden = !match;
        if (match) shown += 1;
      });
      empty.hidden = shown > 0;
    });
  }
  function init() {
    document.querySelectorAll("[data-filterable-checkboxes]").forEach(setUp);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
