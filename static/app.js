/* Tillit - small improvements on top of pages that work without script.
   No user data is read from anywhere but data-* attributes (strict CSP). */
(function () {
  'use strict';

  /* "2 d 3 h", "3 h 12 min", "12 min": as the server writes them (page_incidents.c). */
  function span(s) {
    var d = Math.floor(s / 86400), h = Math.floor((s % 86400) / 3600), m = Math.floor((s % 3600) / 60);
    if (d) return d + ' d ' + h + ' h';
    if (h) return h + ' h ' + m + ' min';
    return m + ' min';
  }

  /* Statutory clocks count down while the page is open; past the deadline they count how late it is. */
  function tick() {
    var clocks = document.querySelectorAll('.clock[data-due]');
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i], due = Date.parse(el.getAttribute('data-due'));
      if (isNaN(due)) continue;
      var left = Math.floor((due - Date.now()) / 1000);
      if (left >= 0) {
        el.textContent = el.getAttribute('data-left') + ' ' + span(left);
        el.classList.remove('missed');
      } else {
        el.textContent = el.getAttribute('data-over') + ' ' + span(-left);
        el.classList.add('missed');
      }
    }
  }

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
    if (document.querySelector('.clock[data-due]')) {
      tick();
      setInterval(tick, 30000);
    }
  });
})();
