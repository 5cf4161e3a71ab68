// Sizes and positions that come from data (a word's box on a page image, a progress bar's width)
// are written as data- attributes and applied here through the CSSOM: the Content-Security-Policy
// refuses style="" attributes, not element.style. Runs on load and on every htmx swap.
(function () {
  // data-box="left:1.000%;top:2.000%;width:3.000%;height:4.000%": only these four, only percentages.
  var BOX = /^(left|top|width|height)\s*:\s*(-?[0-9.]+%)$/;

  function place(root) {
    root.querySelectorAll("[data-box]").forEach(function (element) {
      element.dataset.box.split(";").forEach(function (declaration) {
        var match = BOX.exec(declaration.trim());
        if (match) {
          element.style.setProperty(match[1], match[2]);
        }
      });
    });
    root.querySelectorAll("[data-width-percent]").forEach(function (element) {
      var percent = Math.min(100, Math.max(0, parseFloat(element.dataset.widthPercent) || 0));
      element.style.width = percent + "%";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    place(document);
  });
  document.addEventListener("htmx:load", function (event) {
    if (event.detail && event.detail.elt && event.detail.elt.querySelectorAll) {
      place(event.detail.elt);
    }
  });
})();
