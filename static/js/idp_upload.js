// Drop files anywhere on the upload zone: they go into the file input and the form is sent.
(function () {
  "use strict";
  const zone = document.querySelector("[data-idp-drop]");
  if (!zone) return;
  const input = zone.querySelector("input[type=file]");
  for (const name of ["dragenter", "dragover"]) {
    zone.addEventListener(name, (event) => {
      event.preventDefault();
      zone.classList.add("idp-drop-active");
    });
  }
  zone.addEventListener("dragleave", () => zone.classList.remove("idp-drop-active"));
  zone.addEventListener("drop", (event) => {
    event.preventDefault();
    zone.classList.remove("idp-drop-active");
    if (!event.dataTransfer.files.length) return;
    input.files = event.dataTransfer.files;
    input.form.requestSubmit();
  });
})();
