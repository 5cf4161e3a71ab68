// Review a page on its image: click a word (or press n for the next low-confidence one) to correct
// it; the text to submit is rebuilt from the words, line by line. a or Ctrl+Enter accepts the page.
(function () {
  "use strict";
  const root = document.querySelector("[data-idp-review]");
  if (!root) return;
  const words = Array.from(root.querySelectorAll("button.idp-word"));
  const low = parseFloat(root.dataset.low);
  const form = document.querySelector("[data-idp-review-form]");
  const textarea = form.querySelector("textarea[name=text]");
  const editor = document.querySelector("[data-idp-editor]");
  const input = editor.querySelector("input");
  const announce = document.querySelector("[data-idp-announce]");
  const confidence = (word) => parseFloat(word.dataset.confidence);
  let current = null;
  let last = null;

  // Low-confidence words in reading order; on a page without any, every word, least confident first.
  function order() {
    const lows = words.filter((word) => confidence(word) < low);
    return lows.length ? lows : words.slice().sort((a, b) => confidence(a) - confidence(b));
  }

  function rebuild() {
    const lines = new Map();
    for (const word of words) {
      if (!lines.has(word.dataset.line)) lines.set(word.dataset.line, []);
      lines.get(word.dataset.line).push(word.dataset.text);
    }
    textarea.value = Array.from(lines.values(), (line) => line.join(" ")).join("\n");
  }

  function open(word) {
    current = last = word;
    for (const other of words) other.classList.toggle("idp-current", other === word);
    word.parentElement.appendChild(editor);
    editor.style.left = word.style.left;
    editor.style.top = `calc(${word.style.top} + ${word.style.height})`;
    input.value = word.dataset.text;
    editor.hidden = false;
    input.focus();
    input.select();
  }

  function close(save) {
    const word = current;
    current = null;
    editor.hidden = true;
    if (!word) return;
    const text = input.value.trim();
    if (save && text && text !== word.dataset.text) {
      word.dataset.text = text;
      word.classList.add("idp-corrected");
      word.title = `${text} (corrected)`;
      word.setAttribute("aria-label", `${text}: corrected`);
      rebuild();
      announce.textContent = `Corrected to ${text}`;
    }
    word.focus();
  }

  function next() {
    const list = order();
    if (!list.length) return;
    const at = last ? list.indexOf(last) : -1;
    open(list[(at + 1) % list.length]);
  }

  for (const word of words) word.addEventListener("click", () => open(word));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey) {
      event.preventDefault();
      close(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(false);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (current) close(true);
      form.requestSubmit();
      return;
    }
    if (event.target.closest("input, textarea, select") || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "n") {
      event.preventDefault();
      next();
    } else if (event.key === "a") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
