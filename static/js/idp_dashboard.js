// The pipeline dashboard refreshes itself: every N seconds (while the tab is visible and the box is
// ticked) it fetches the same charts as JSON and redraws them in place with Plotly.react, so the
// reader keeps their zoom-free view and scroll position. Changing the range or filter reloads.
(function () {
  var root = document.querySelector(".idp-dashboard");
  if (!root) return;
  var form = document.getElementById("dashboard-filters");
  var toggle = document.getElementById("auto-refresh");
  var updated = document.getElementById("dashboard-updated");
  var seconds = parseInt(root.dataset.refreshSeconds, 10) || 30;

  form.querySelectorAll("select").forEach(function (select) {
    select.addEventListener("change", function () { form.submit(); });
  });

  function apply(data) {
    data.charts.forEach(function (chart) {
      var el = document.querySelector('[data-plotly="' + chart.id + '"]');
      if (el && window.Plotly) {
        var charts = window.ArchPathCharts;
        window.Plotly.react(el, chart.figure.data, charts.layout(chart.figure.layout), charts.config());
      }
      var summary = document.getElementById(chart.id + "-summary");
      if (summary) summary.textContent = chart.summary;
    });
    Object.keys(data.stats).forEach(function (key) {
      var value = root.querySelector('[data-stat="' + key + '"]');
      var note = root.querySelector('[data-stat-note="' + key + '"]');
      if (value) value.textContent = data.stats[key].value;
      if (note) note.textContent = data.stats[key].note;
    });
    var at = new Date(data.updated);
    updated.setAttribute("datetime", data.updated);
    updated.textContent = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function refresh() {
    if (!toggle.checked || document.hidden) return;
    fetch(root.dataset.refreshUrl + window.location.search, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () { /* offline for a moment: the next tick tries again */ });
  }

  root.refreshDashboard = refresh; // lets a browser test trigger a refresh without waiting
  window.setInterval(refresh, seconds * 1000);
})();
