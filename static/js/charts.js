// Render every Plotly figure on the page. The figure JSON sits in a <script type="application/json">
// next to its container; Plotly's bundle is served by this site (templates/partials/chart_scripts.html).
// idp_dashboard.js and idp_capacity.js redraw with the same config and layout through ArchPathCharts.
window.ArchPathCharts = {
  // Plotly's toolbar (modebar) sits at the top right, where the legend the site's layout puts above
  // the plot (core/charts.py) runs under its dozen buttons. Wide screens keep only "download as PNG",
  // clear of the legend; a phone shows none (the zoom and pan buttons need a mouse anyway).
  config: function () {
    var phone = window.matchMedia("(max-width: 40rem)").matches;
    return {
      responsive: true, displaylogo: false, displayModeBar: phone ? false : "hover",
      modeBarButtons: [["toImage"]],
    };
  },
  // Axes make room for their tick labels and titles, so rotated dates on a narrow chart do not
  // run into the axis title.
  layout: function (layout) {
    var fitted = Object.assign({}, layout);
    Object.keys(fitted).concat(["xaxis", "yaxis"]).forEach(function (key) {
      if (/^[xy]axis\d*$/.test(key)) fitted[key] = Object.assign({ automargin: true }, fitted[key]);
    });
    return fitted;
  },
};

function drawCharts(root) {
  if (!window.Plotly) return;
  var charts = window.ArchPathCharts;
  root.querySelectorAll("[data-plotly]").forEach(function (el) {
    var source = document.getElementById(el.dataset.plotly);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(el, figure.data, charts.layout(figure.layout), charts.config());
  });
}

document.addEventListener("DOMContentLoaded", function () { drawCharts(document); });
// Charts swapped in by htmx (the roadmap's, after time logged in place) are drawn as they arrive.
document.addEventListener("htmx:load", function (event) {
  if (event.target !== document.body && event.target.querySelectorAll) drawCharts(event.target);
});
