/* The print view's charts: each [data-figure] drawn by plotly.js (loaded before this file). Served as a
   file, not inline: the site's Content-Security-Policy runs no inline script. */
(function () {
  function ready() { window.drawCharts().then(function () { document.body.setAttribute('data-charts-drawn', 'true'); }); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready); else ready();
})();
