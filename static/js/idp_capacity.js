// The capacity planner answers as you type: when an input changes, ask /api/idp/capacity/ with the
// form's filled-in inputs (a blank one takes the measured figure) and update the numbers, the chart
// and the arithmetic in place. Without JavaScript the form is a plain GET and the server answers.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("capacity-form");
  if (!form) return;
  var errors = document.getElementById("capacity-errors");
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
  var timer = null;
  var latest = 0;

  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") params.append(name, String(value).trim());
    });
    return params;
  }

  function setNumber(id, value, digits) {
    var el = document.getElementById(id);
    if (!el) return;
    if (value === null || value === undefined) { el.textContent = "—"; return; }
    el.textContent = digits ? value.toFixed(digits) : numbers.format(value);
  }

  function showErrors(body) {
    var list = document.createElement("ul");
    form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    Object.keys(body).forEach(function (name) {
      var input = form.elements[name];
      var label = input && form.querySelector('label[for="' + input.id + '"]');
      if (input) input.setAttribute("aria-invalid", "true");
      [].concat(body[name]).forEach(function (message) {
        var item = document.createElement("li");
        item.textContent = (label ? label.textContent.replace(/:$/, "") + ": " : "") + message;
        list.appendChild(item);
      });
    });
    errors.replaceChildren(list);
    errors.hidden = false;
  }

  function clearErrors() {
    form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".errorlist").forEach(function (list) { list.remove(); });
    errors.replaceChildren();
    errors.hidden = true;
  }

  function showPlan(plan) {
    setNumber("capacity-cores", plan.cores_needed);
    setNumber("capacity-workers", plan.workers_needed);
    setNumber("capacity-reviewers", plan.reviewers_needed);
    (plan.review_policies || []).forEach(function (policy) {
      setNumber("capacity-reviewers-" + policy.name, policy.reviewers_needed);
      var share = document.getElementById("capacity-share-" + policy.name);
      if (share) share.textContent = Math.round(policy.share.value * 100) + "%";
    });
    setNumber("capacity-seconds-per-page", plan.seconds_per_page, 2);
    var explanation = document.getElementById("capacity-explanation");
    if (explanation) {
      explanation.replaceChildren.apply(explanation, plan.explanation.map(function (line) {
        var item = document.createElement("li");
        item.textContent = line;
        return item;
      }));
    }
    var chart = document.getElementById("capacity-chart");
    var source = chart && document.getElementById(chart.dataset.plotly);
    if (chart && source && window.Plotly) {
      // The server built the figure; only the three series change.
      var figure = JSON.parse(source.textContent);
      figure.data[0].y = plan.arrivals_by_hour;
      figure.data[1].y = plan.queue_depth_by_hour;
      figure.data[2].y = plan.review_queue_by_hour;
      source.textContent = JSON.stringify(figure);
      window.Plotly.react(chart, figure.data, window.ArchPathCharts.layout(figure.layout), window.ArchPathCharts.config());
    }
  }

  function ask() {
    var params = query();
    var ticket = ++latest;
    form.setAttribute("aria-busy", "true");
    fetch(form.dataset.apiUrl + "?" + params.toString(), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (ticket !== latest) return;  // a newer question is on its way
        if (!answer.ok) { showErrors(answer.body); return; }
        if (!document.getElementById("capacity-cores")) {
          // The page was rendered for bad input, without an answer to update: load it with good input.
          window.location.search = params.toString();
          return;
        }
        clearErrors();
        showPlan(answer.body);
        history.replaceState(null, "", "?" + params.toString());
      })
      .catch(function () { /* offline or the server is down: the Plan button still works */ })
      .finally(function () { if (ticket === latest) form.removeAttribute("aria-busy"); });
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(ask, 250);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
});
