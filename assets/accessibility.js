// Dash 4's dropdown puts an aria-hidden input in the tab order and takes its visible
// button out of it (axe: aria-hidden-focus). Swap them: the button, which has an
// accessible name and opens on Enter/Space, becomes the keyboard control.
(function () {
  function fix(root) {
    root.querySelectorAll('[aria-hidden="true"].dash-dropdown-focus-target').forEach(function (el) {
      if (el.getAttribute('tabindex') !== '-1') { el.setAttribute('tabindex', '-1'); }
    });
    root.querySelectorAll('button.dash-dropdown[tabindex="-1"]').forEach(function (el) {
      el.setAttribute('tabindex', '0');
    });
  }
  new MutationObserver(function () { fix(document); }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ['tabindex'] });
  document.addEventListener('DOMContentLoaded', function () { fix(document); });
})();
