// Render every Plotly figure on the page. The figure JSON sits in a <script type="application/json">
// next to its container; Plotly's bundle is served by this site (static/plotly/plotly.min.js).
document.addEventListener("DOMContentLoaded", function () {
  if (!window.Plotly) return;
  document.querySelectorAll("[data-plotly]").forEach(function (el) {
    var source = document.getElementById(el.dataset.plotly);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    window.Plotly.newPlot(el, figure.data, figure.layout, { responsive: true, displaylogo: false });
  });
});
