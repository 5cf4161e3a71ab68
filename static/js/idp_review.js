// Review a page on its image. There is one correction: the text in "Corrected text". Clicking a word
// (or n / p for the next or previous low-confidence one) opens a small editor on the image; Enter puts
// the correction into that text, where the word stands, exactly as if it had been typed there. Text
// typed into the box is never overwritten: each word knows its place in the text (`spans`), kept up to
// date after every change, and a word whose place was edited by hand is corrected there, not here.
// Ctrl+Enter accepts the page; leaving with unsaved changes asks first.
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
  const initial = textarea.value;
  let previous = textarea.value;
  let current = null;
  let last = null;
  let leaving = false;

  // Where each word stands in the text: [start, end), or null once a change cut through it.
  const spans = new Map();
  let cursor = 0;
  for (const word of words) {
    const at = previous.indexOf(word.dataset.text, cursor);
    if (at < 0) {
      spans.set(word, null);
    } else {
      spans.set(word, [at, at + word.dataset.text.length]);
      cursor = at + word.dataset.text.length;
    }
  }

  // The text changed from `before` to `after`: the change is what lies between their common start
  // and common end. Words before it stay, words after it move, a word holding it grows or shrinks,
  // a word it only partly covers or splits in two loses its place (its correction is the typed one).
  function track(before, after) {
    let start = 0;
    const shortest = Math.min(before.length, after.length);
    while (start < shortest && before[start] === after[start]) start++;
    let tail = 0;
    while (tail < shortest - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
    const oldEnd = before.length - tail;
    const delta = after.length - before.length;
    // Letters typed right against a word become part of it; a space or a new line does not.
    const joins = oldEnd === start && !/\s/.test(after.slice(start, after.length - tail));
    for (const [word, span] of spans) {
      if (!span || span[1] < start || (span[1] === start && !joins)) continue;
      if (span[0] > oldEnd || (span[0] === oldEnd && !joins)) {
        spans.set(word, [span[0] + delta, span[1] + delta]);
      } else if (span[0] <= start && span[1] >= oldEnd && !/\s/.test(after.slice(span[0], span[1] + delta))) {
        spans.set(word, [span[0], span[1] + delta]);
        show(word, after.slice(span[0], span[1] + delta));
      } else {
        // Cut through, or split into several words: the typed text is the correction.
        spans.set(word, null);
        show(word, null);
      }
    }
  }

  // A box says what its word now reads in the text (or that it was changed there).
  function show(word, text) {
    const original = word.dataset.ocr || word.dataset.text;
    word.dataset.ocr = original;
    if (text === null) {
      word.classList.add("idp-corrected");
      word.title = `${original} (changed in the text)`;
      word.setAttribute("aria-label", `${original}: changed in the text`);
      return;
    }
    word.dataset.text = text;
    const changed = text !== original;
    word.classList.toggle("idp-corrected", changed);
    word.title = changed ? `${text} (corrected)` : `${text} (${Math.round(confidence(word))}%)`;
    word.setAttribute("aria-label", changed ? `${text}: corrected` : `${text}: ${word.dataset.band} confidence`);
  }

  textarea.addEventListener("input", () => {
    track(previous, textarea.value);
    previous = textarea.value;
  });

  // Put a word's correction into the text as an edit of the text itself (so Ctrl+Z in the box undoes it).
  function replace(span, text) {
    const before = textarea.value;
    textarea.focus();
    textarea.setSelectionRange(span[0], span[1]);
    const typed = document.execCommand && document.execCommand("insertText", false, text);
    if (!typed || textarea.value === before) {
      textarea.setRangeText(text, span[0], span[1], "end");
      textarea.dispatchEvent(new Event("input"));
    }
  }

  function open(word) {
    current = last = word;
    for (const other of words) other.classList.toggle("idp-current", other === word);
    word.parentElement.appendChild(editor);
    editor.style.left = word.style.left;
    editor.style.top = `calc(${word.style.top} + ${word.style.height})`;
    const span = spans.get(word);
    input.value = span ? textarea.value.slice(span[0], span[1]) : word.dataset.text;
    editor.hidden = false;
    word.scrollIntoView({ block: "nearest", inline: "nearest" });
    input.focus();
    input.select();
  }

  function close(save) {
    const word = current;
    current = null;
    editor.hidden = true;
    if (!word) return;
    const text = input.value.trim();
    const span = spans.get(word);
    if (save && text && !span) {
      announce.textContent = `${word.dataset.ocr} was changed in the text below: correct it there`;
      textarea.focus();
      return;
    }
    if (save && text && text !== textarea.value.slice(span[0], span[1])) {
      replace(span, text);
      announce.textContent = `Corrected to ${text}`;
    }
    word.focus();
  }

  // Low-confidence words in reading order; on a page without any, every word, least confident first.
  function order() {
    const lows = words.filter((word) => confidence(word) < low);
    return lows.length ? lows : words.slice().sort((a, b) => confidence(a) - confidence(b));
  }

  function move(by) {
    const list = order();
    if (!list.length) return;
    const at = last ? list.indexOf(last) : by > 0 ? -1 : 0;
    open(list[(at + by + list.length) % list.length]);
  }

  for (const word of words) word.addEventListener("click", () => open(word));
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      close(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      close(false);
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (event.target.closest("[data-idp-leave]")) return;  // the unreadable reason's own form
      event.preventDefault();
      if (current) close(true);
      form.requestSubmit();
      return;
    }
    if (event.target.closest("input, textarea, select") || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "n" || event.key === "p") {
      event.preventDefault();
      move(event.key === "n" ? 1 : -1);
    }
  });

  // Nothing typed is lost by leaving: accepting sends it; anything else asks first.
  const dirty = () => textarea.value !== initial;
  form.addEventListener("submit", () => {
    leaving = true;
  });
  for (const other of document.querySelectorAll("[data-idp-leave]")) {
    other.addEventListener("submit", (event) => {
      if (dirty() && !window.confirm("Your changes to the text will not be saved. Leave this page anyway?")) {
        event.preventDefault();
        return;
      }
      leaving = true;
    });
  }
  window.addEventListener("beforeunload", (event) => {
    if (!leaving && dirty()) event.preventDefault();
  });
})();
