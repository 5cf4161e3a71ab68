// The roadmap map (templates/roadmap/map.html): a step's node opens its details in the side panel
// without reloading the page; the panel's buttons post to the roadmap's step-change endpoint and the
// node takes its new colour. Without JavaScript every node is a link to the step's own page.
document.addEventListener("DOMContentLoaded", function () {
  var panel = document.getElementById("map-panel");
  if (!panel) {
    return;
  }
  var body = panel.querySelector(".map-panel-body");
  var mapUrl = panel.dataset.url;
  var returnTo = null;

  function nodesOf(pk) {
    return document.querySelectorAll('.map-node[data-step="' + pk + '"]');
  }

  // The node the learner can see: the phone and the screen drawings both hold one per step.
  function visibleNode(pk) {
    return Array.prototype.find.call(nodesOf(pk), function (node) {
      return node.getClientRects().length > 0;
    }) || null;
  }

  function partialUrl(href) {
    return href + (href.indexOf("?") === -1 ? "?" : "&") + "partial=1";
  }

  function show(html, pk) {
    body.innerHTML = html;
    panel.hidden = false;
    document.querySelectorAll('.map-node[aria-current="true"]').forEach(function (node) {
      node.removeAttribute("aria-current");
    });
    nodesOf(pk).forEach(function (node) {
      node.setAttribute("aria-current", "true");
    });
    history.replaceState(null, "", mapUrl + "?step=" + pk);
    var title = body.querySelector(".map-step-title");
    if (title) {
      title.focus();
    }
  }

  function failed() {
    body.innerHTML = '<p class="message message-error" role="alert">' + panel.dataset.error + "</p>";
    panel.hidden = false;
  }

  // Fetch a step's fragment (or post a change that redirects to it) and show it in the panel.
  function load(url, options, pk) {
    return fetch(url, Object.assign({ credentials: "same-origin" }, options))
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.text();
      })
      .then(function (html) {
        show(html, pk);
      });
  }

  function open(href, pk, trigger) {
    returnTo = trigger || visibleNode(pk);
    load(partialUrl(href), {}, pk).catch(failed);
  }

  function close() {
    panel.hidden = true;
    history.replaceState(null, "", mapUrl);
    document.querySelectorAll('.map-node[aria-current="true"]').forEach(function (node) {
      node.removeAttribute("aria-current");
    });
    var node = returnTo && returnTo.getClientRects().length ? returnTo : null;
    var pk = body.querySelector(".map-step") && body.querySelector(".map-step").dataset.step;
    node = node || (pk && visibleNode(pk));
    if (node) {
      node.focus();
    }
  }

  // After a change, the panel's fragment carries the step's new look; every drawing of it follows.
  function repaint() {
    var step = body.querySelector(".map-step");
    if (!step) {
      return;
    }
    nodesOf(step.dataset.step).forEach(function (node) {
      node.classList.forEach(function (name) {
        if (name.indexOf("look-") === 0 || name.indexOf("status-") === 0) {
          node.classList.remove(name);
        }
      });
      node.classList.add("look-" + step.dataset.look, "status-" + step.dataset.status);
      node.setAttribute("aria-label", step.dataset.label);
      node.querySelector(".node-icon").textContent = step.dataset.icon;
      node.querySelector(".node-status-text").textContent = step.dataset.statusText;
    });
  }

  function light(node, on) {
    var svg = node.closest("svg");
    var pk = node.dataset.step;
    svg.querySelectorAll('.edge[data-from="' + pk + '"], .edge[data-to="' + pk + '"]').forEach(function (edge) {
      edge.classList.toggle("is-lit", on);
    });
  }

  document.querySelectorAll(".map-node").forEach(function (node) {
    node.addEventListener("click", function (event) {
      event.preventDefault();
      open(node.getAttribute("href"), node.dataset.step, node);
    });
    // A link answers Enter; a node is also a button to its panel, so Space opens it too.
    node.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        event.preventDefault();
        open(node.getAttribute("href"), node.dataset.step, node);
      }
    });
    ["focus", "mouseenter"].forEach(function (type) {
      node.addEventListener(type, function () { light(node, true); });
    });
    ["blur", "mouseleave"].forEach(function (type) {
      node.addEventListener(type, function () { light(node, false); });
    });
  });

  body.addEventListener("click", function (event) {
    var link = event.target.closest("[data-step-link]");
    if (link) {
      event.preventDefault();
      open(link.getAttribute("href"), link.dataset.stepLink, null);
    }
  });

  body.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-step-form]");
    if (!form) {
      return;
    }
    event.preventDefault();
    var data = new FormData(form);
    if (event.submitter && event.submitter.name) {
      data.append(event.submitter.name, event.submitter.value);
    }
    var pk = body.querySelector(".map-step").dataset.step;
    // The endpoint redirects to `next`: the panel's own fragment, with the new status.
    data.set("next", partialUrl(form.dataset.fragment));
    load(form.action, { method: "POST", body: data }, pk).then(repaint).catch(failed);
  });

  panel.querySelector("[data-close]").addEventListener("click", function (event) {
    event.preventDefault();
    close();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) {
      close();
    }
  });

  // Arriving with ?step= (a change made without JavaScript): the panel is open, Escape returns to its node.
  if (!panel.hidden) {
    var opened = body.querySelector(".map-step");
    returnTo = opened ? visibleNode(opened.dataset.step) : null;
  }
});
