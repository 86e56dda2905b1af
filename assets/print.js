/* Printing any page (and the report's print view): each chart is redrawn at the printed page's width
   (A4 less margins) before printing and given its own width back after, so none is cut at the right
   edge; print.css keeps charts and table rows whole across pages. */
(function () {
  var PRINT_WIDTH = 680;
  function charts() { return Array.prototype.slice.call(document.querySelectorAll('.js-plotly-plot')); }
  window.addEventListener('beforeprint', function () {
    if (!window.Plotly) return;
    charts().forEach(function (chart) {
      if (chart.offsetWidth > PRINT_WIDTH) { chart.setAttribute('data-print-resized', ''); Plotly.relayout(chart, {width: PRINT_WIDTH}); }
    });
  });
  window.addEventListener('afterprint', function () {
    if (!window.Plotly) return;
    charts().filter(function (chart) { return chart.hasAttribute('data-print-resized'); }).forEach(function (chart) {
      chart.removeAttribute('data-print-resized');
      Plotly.relayout(chart, {width: null, autosize: true}).then(function () { Plotly.Plots.resize(chart); });
    });
  });
})();
