/* Tillit - small improvements on top of pages that work without script.
   No user data is read from anywhere but data-* attributes (strict CSP). */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    /* Move focus to the error summary so screen-reader users hear it first. */
    var summary = document.querySelector('.error-summary');
    if (summary) summary.focus();
    /* One menu group open at a time; Escape or a click elsewhere closes it. */
    var groups = document.querySelectorAll('nav.menu details');
    var closeAll = function (except) {
      groups.forEach(function (d) { if (d !== except) d.open = false; });
    };
    groups.forEach(function (d) {
      d.addEventListener('toggle', function () { if (d.open) closeAll(d); });
    });
    document.addEventListener('keydown', function (ev) {
      if (ev.key !== 'Escape') return;
      var open = document.querySelector('nav.menu details[open]');
      if (open) { open.open = false; open.querySelector('summary').focus(); }
    });
    document.addEventListener('click', function (ev) {
      if (!ev.target.closest('nav.menu details')) closeAll(null);
    });
  });
})();
