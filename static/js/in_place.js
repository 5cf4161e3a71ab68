// Changes made in place (htmx) on the roadmap and the study log: after a part of the page is swapped,
// keyboard focus goes where the change was made, not back to the top of a 5,000-pixel page.
// A swapped element says where with data-focus: a selector inside it ("" for itself).
// Without JavaScript none of this runs: the same forms post and the server redirects back.
(function () {
  "use strict";

  function focusMarked() {
    var marked = document.querySelector("[data-focus]");
    if (!marked) {
      return;
    }
    var selector = marked.getAttribute("data-focus");
    marked.removeAttribute("data-focus");
    var target = selector ? marked.querySelector(selector) : marked;
    if (target) {
      target.focus({ preventScroll: false });
    }
  }

  // A failure htmx does not swap (a 403, a 500, no network) still says so where the change was made.
  function showFailure(event) {
    var where = event.detail.elt.closest("form, td, li, section") || event.detail.elt;
    var old = where.querySelector(":scope > .in-place-failure");
    if (old) {
      old.remove();
    }
    var message = document.createElement("p");
    message.className = "form-errors in-place-failure";
    message.setAttribute("role", "alert");
    message.textContent = "That change could not be saved. Reload the page and try again.";
    where.prepend(message);
  }

  document.addEventListener("htmx:afterSettle", focusMarked);
  document.addEventListener("htmx:responseError", showFailure);
  document.addEventListener("htmx:sendError", showFailure);
})();
