// Zoom a page image in its own scrolling box: the buttons, or + - 0 on the keyboard (when no text
// field has the focus). The word boxes are placed in percent of the image, so they follow the zoom.
(function () {
  "use strict";
  const STEPS = [1, 1.5, 2, 3, 4];

  function setUp(zoom) {
    const bar = zoom.querySelector(".idp-zoom-bar");
    const viewport = zoom.querySelector("[data-zoom-viewport]");
    const content = zoom.querySelector("[data-zoom-content]");
    const level = zoom.querySelector("[data-zoom-level]");
    let step = 0;

    function apply(next) {
      const previous = STEPS[step];
      step = Math.max(0, Math.min(STEPS.length - 1, next));
      const factor = STEPS[step];
      // Keep the middle of what is shown in the middle after zooming.
      const middleX = (viewport.scrollLeft + viewport.clientWidth / 2) / previous;
      const middleY = (viewport.scrollTop + viewport.clientHeight / 2) / previous;
      content.style.width = `${factor * 100}%`;
      zoom.classList.toggle("idp-zoomed", factor > 1);
      viewport.scrollLeft = middleX * factor - viewport.clientWidth / 2;
      viewport.scrollTop = middleY * factor - viewport.clientHeight / 2;
      level.textContent = `${Math.round(factor * 100)}%`;
      bar.querySelector("[data-zoom=out]").disabled = step === 0;
      bar.querySelector("[data-zoom=in]").disabled = step === STEPS.length - 1;
      bar.querySelector("[data-zoom=fit]").disabled = step === 0;
    }

    const actions = { in: () => apply(step + 1), out: () => apply(step - 1), fit: () => apply(0) };
    for (const button of bar.querySelectorAll("[data-zoom]")) {
      button.addEventListener("click", () => actions[button.dataset.zoom]());
    }
    bar.hidden = false;
    apply(0);
    zoom.idpZoom = actions;
  }

  const zooms = Array.from(document.querySelectorAll("[data-idp-zoom]"));
  zooms.forEach(setUp);
  const KEYS = { "+": "in", "=": "in", "-": "out", 0: "fit" };
  document.addEventListener("keydown", (event) => {
    const action = KEYS[event.key];
    if (!action || !zooms.length || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    // The page image holding the focus, or the only (first) one.
    const zoom = event.target.closest("[data-idp-zoom]") || zooms[0];
    event.preventDefault();
    zoom.idpZoom[action]();
  });
})();
