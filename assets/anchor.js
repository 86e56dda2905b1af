/* A link to a part of a page (e.g. /indicator/x#direction-rule) lands there once Dash has drawn it
   and its charts (charts drawn later would push the target down again). */
(function () {
  if (!window.location.hash) { return; }
  var id = decodeURIComponent(window.location.hash.slice(1));
  var tries = 0;
  var timer = setInterval(function () {
    var target = document.getElementById(id);
    var graphs = document.querySelectorAll(".dash-graph").length;
    var drawn = document.querySelectorAll(".dash-graph .js-plotly-plot .main-svg").length > 0 || graphs === 0;
    if (target && drawn) {
      clearInterval(timer);
      setTimeout(function () {
        target.setAttribute("tabindex", "-1");
        target.scrollIntoView({block: "center"});
        target.focus({preventScroll: true});
      }, 300);
    } else if (++tries > 150) { clearInterval(timer); }
  }, 100);
})();
