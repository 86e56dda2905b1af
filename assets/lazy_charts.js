/* Charts drawn first where the visitor is looking (issue 17 item 4: content shown within 1.5 s).
   dcc's Graph draws every chart of a page with Plotly.react as soon as plotly.js arrives: on a council
   page, 14 charts in one block of about half a second, most of them far below the first screenful.
   Here Plotly.react draws at once a chart in or near the window; any other waits until it comes near
   (IntersectionObserver) or the browser is idle, one chart per idle moment, so every chart is drawn
   without scrolling, soon after the first screen. Before printing every waiting chart is drawn at once
   (print.js, loaded after this file, then redraws them at the printed width). A waiting chart keeps its
   drawn height, so nothing below it moves when it is drawn. Tables under the charts are never delayed. */
(function () {
  var NEAR = 300;  // px beyond the window's bottom edge still drawn at once
  var waiting = [];  // [{gd, args, resolve, reject}] in page order
  var observer = null;
  var idleQueued = false;
  var drawWaiting = function () {};
  // Registered now, before print.js's own listener, so that it redraws every chart at the printed width.
  window.addEventListener('beforeprint', function () { drawWaiting(); });

  function near(gd) {
    var box = gd.getBoundingClientRect();
    return box.bottom > -NEAR && box.top < window.innerHeight + NEAR;
  }
  function entryOf(gd) {
    for (var i = 0; i < waiting.length; i++) { if (waiting[i].gd === gd) return i; }
    return -1;
  }
  function draw(index, react) {
    var item = waiting.splice(index, 1)[0];
    if (observer) observer.unobserve(item.gd);
    item.gd.style.minHeight = '';
    var result;
    try { result = react.apply(window.Plotly, item.args); } catch (error) { item.reject(error); return; }
    Promise.resolve(result).then(item.resolve, item.reject);
  }
  function drawAll(react) { while (waiting.length) draw(0, react); }
  function idle(callback) {
    if (window.requestIdleCallback) window.requestIdleCallback(callback, {timeout: 1000});
    else setTimeout(callback, 50);
  }

  function wrap(Plotly) {
    if (!Plotly || typeof Plotly.react !== 'function' || Plotly.react.__promiseLazy) return;
    var react = Plotly.react;
    function drawNextWhenIdle() {
      if (idleQueued || !waiting.length) return;
      idleQueued = true;
      requestAnimationFrame(function () {  // after the first screen's frame is painted
        idle(function () { idleQueued = false; if (waiting.length) { draw(0, react); drawNextWhenIdle(); } });
      });
    }
    if (window.IntersectionObserver) {
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          var index = entry.isIntersecting ? entryOf(entry.target) : -1;
          if (index >= 0) draw(index, react);
        });
      }, {rootMargin: NEAR + 'px 0px'});
    }
    var lazy = function (gd, figure) {
      var index = entryOf(gd);
      if (index >= 0) { waiting[index].args = arguments; return waiting[index].promise; }
      var graph = gd && gd.closest ? gd.closest('.dash-graph') : null;
      if (!graph || gd._fullLayout || !observer || near(gd) || window.matchMedia('print').matches) {
        return react.apply(Plotly, arguments);
      }
      var item = {gd: gd, args: arguments};
      item.promise = new Promise(function (resolve, reject) { item.resolve = resolve; item.reject = reject; });
      var height = figure && figure.layout && figure.layout.height;
      if (height) gd.style.minHeight = height + 'px';
      waiting.push(item);
      waiting.sort(function (a, b) {
        return a.gd.compareDocumentPosition(b.gd) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
      });
      observer.observe(gd);
      drawNextWhenIdle();
      return item.promise;
    };
    lazy.__promiseLazy = true;
    Plotly.react = lazy;
    drawWaiting = function () { drawAll(react); };
  }

  var current = window.Plotly;
  if (current) { wrap(current); return; }
  Object.defineProperty(window, 'Plotly', {
    configurable: true, enumerable: true,
    get: function () { return current; },
    set: function (value) { current = value; wrap(value); }
  });
})();
