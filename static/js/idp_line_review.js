// One doubtful line: the text box has the focus. Ctrl+Enter saves it as typed and opens the next line,
// Alt+N moves on to the next without deciding this one, Escape puts back the text as read, Alt+P shows
// or hides the page around the line; leaving with a change not saved asks first.
(function () {
  "use strict";
  const form = document.querySelector("[data-idp-line-form]");
  if (!form) return;
  const input = form.querySelector("input[name=text]");
  const around = document.querySelector("[data-idp-around]");
  const initial = input.value;
  let leaving = false;
  input.focus();
  input.setSelectionRange(input.value.length, input.value.length);

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    } else if (event.key === "Escape" && event.target === input) {
      event.preventDefault();
      input.value = input.dataset.ocr;
    } else if (event.altKey && event.code === "KeyP") {
      event.preventDefault();
      around.open = !around.open;
    } else if (event.altKey && event.code === "KeyN") {
      event.preventDefault();
      document.querySelector("[data-idp-next]").requestSubmit();
    }
  });
  // Plain Enter in the box would send the form too: only Ctrl+Enter saves, so a stray Enter loses nothing.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) event.preventDefault();
  });
  form.addEventListener("submit", () => {
    leaving = true;
  });
  for (const other of document.querySelectorAll("[data-idp-leave]")) {
    other.addEventListener("submit", (event) => {
      if (input.value !== initial && !window.confirm("Your change to the line will not be saved. Go on?")) {
        event.preventDefault();
        return;
      }
      leaving = true;
    });
  }
  window.addEventListener("beforeunload", (event) => {
    if (!leaving && input.value !== initial) event.preventDefault();
  });
})();
