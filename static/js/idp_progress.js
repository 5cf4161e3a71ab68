// Live progress of a document: poll its progress JSON every second, update each page's stage and
// timings, announce changes politely to screen readers, and reload once processing has ended.
(function () {
  "use strict";
  const root = document.querySelector("[data-idp-progress]");
  if (!root || !["queued", "processing"].includes(root.dataset.idpStatus)) return;
  const table = root.querySelector("[data-idp-pages] tbody");
  const statusEl = root.querySelector("[data-idp-doc-status]");
  const announce = root.querySelector("[data-idp-announce]");
  const waiting = root.querySelector("[data-idp-waiting]");
  const seen = {};

  function row(page) {
    let tr = table.querySelector(`tr[data-page="${page.number}"]`);
    if (!tr) {
      tr = document.createElement("tr");
      tr.dataset.page = page.number;
      for (const name of ["number", "stage", "timings"]) {
        const td = document.createElement("td");
        td.dataset[name] = "";
        tr.appendChild(td);
      }
      tr.children[0].textContent = page.number;
      table.appendChild(tr);
    }
    return tr;
  }

  function render(data) {
    statusEl.textContent = data.status_label;
    statusEl.className = `idp-status idp-status-${data.status}`;
    if (waiting) waiting.textContent = data.pages.length ? "" : waiting.textContent;
    const changes = [];
    for (const page of data.pages) {
      const tr = row(page);
      tr.querySelector("[data-stage]").textContent = page.stage_label;
      tr.querySelector("[data-timings]").textContent = Object.entries(page.timings)
        .map(([stage, seconds]) => `${stage} ${seconds.toFixed(2)} s`).join(" · ");
      if (seen[page.number] !== page.stage) changes.push(`Page ${page.number}: ${page.stage_label}`);
      seen[page.number] = page.stage;
    }
    if (changes.length) announce.textContent = changes.join(". ");
  }

  async function poll() {
    try {
      const response = await fetch(root.dataset.idpProgress, { headers: { Accept: "application/json" } });
      if (response.ok) {
        const data = await response.json();
        render(data);
        if (!data.processing) {
          window.location.reload();
          return;
        }
      }
    } catch (error) {
      // A dropped connection: keep polling, the next answer catches up.
    }
    window.setTimeout(poll, 1000);
  }
  window.setTimeout(poll, 500);
})();
