// Live progress of a document: poll its progress JSON every second while it is read, show the
// document's percent and each page's steps, bar, seconds in its step and seconds per stage, announce
// each page's new stage politely to screen readers, and reload once reading has ended. While people
// check it (needs review), poll slowly and reload when they are done.
(function () {
  "use strict";
  const root = document.querySelector("[data-idp-progress]");
  if (!root) return;
  const status = root.dataset.idpStatus;
  const reading = ["queued", "processing"].includes(status);
  if (!reading && status !== "needs_review") return;
  const list = root.querySelector("[data-idp-pages]");
  const template = root.querySelector("[data-idp-page-template]");
  const statusEl = root.querySelector("[data-idp-doc-status]");
  const announce = root.querySelector("[data-idp-announce]");
  const waiting = root.querySelector("[data-idp-waiting]");
  const total = root.querySelector("[data-idp-doc-progress]");
  const percent = root.querySelector("[data-idp-percent]");
  const seen = {};

  function row(page) {
    let item = list.querySelector(`[data-page="${page.number}"]`);
    if (!item) {
      item = template.content.firstElementChild.cloneNode(true);
      item.dataset.page = page.number;
      item.querySelector("[data-number]").textContent = `Page ${page.number}`;
      item.querySelector("[data-bar]").setAttribute("aria-label", `Page ${page.number} progress`);
      list.appendChild(item);
    }
    return item;
  }

  function steps(item, page) {
    const box = item.querySelector("[data-steps]");
    box.replaceChildren(...page.steps.map((step) => {
      const li = document.createElement("li");
      li.className = `idp-step idp-step-${step.state}`;
      li.dataset.step = step.name;
      li.textContent = step.label;
      return li;
    }));
  }

  function render(data) {
    statusEl.textContent = data.status_label;
    statusEl.className = `idp-status idp-status-${data.status}`;
    if (!list) return;
    if (waiting && data.pages.length) waiting.textContent = "";
    total.value = data.percent;
    total.textContent = `${data.percent}%`;
    percent.textContent = `${data.percent}%`;
    const changes = [];
    for (const page of data.pages) {
      const item = row(page);
      item.querySelector("[data-stage]").textContent = page.stage_label;
      item.querySelector("[data-elapsed]").textContent = page.elapsed === null ? "" : `${page.elapsed.toFixed(1)} s`;
      const bar = item.querySelector("[data-bar]");
      bar.value = page.percent;
      bar.textContent = `${page.percent}%`;
      steps(item, page);
      item.querySelector("[data-timings]").textContent = Object.entries(page.timings)
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
        if (data.status !== status && !data.processing) {
          window.location.reload();
          return;
        }
        render(data);
      }
    } catch (error) {
      // A dropped connection: keep polling, the next answer catches up.
    }
    window.setTimeout(poll, reading ? 1000 : 10000);
  }
  window.setTimeout(poll, reading ? 500 : 10000);
})();
