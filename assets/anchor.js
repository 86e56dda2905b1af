/* A link to a part of a page (e.g. /indicator/x#direction-rule) lands there once Dash has drawn it. */
(function () {
  if (!window.location.hash) { return; }
  var id = decodeURIComponent(window.location.hash.slice(1));
  var tries = 0;
  var timer = setInterval(function () {
    var target = document.getElementById(id);
    if (target) { clearInterval(timer); target.scrollIntoView(); target.setAttribute("tabindex", "-1"); target.focus({preventScroll: true}); }
    else if (++tries > 100) { clearInterval(timer); }
  }, 100);
})();
