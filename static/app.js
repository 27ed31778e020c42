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

  /* Type-ahead: a text field with data-typeahead asks that address (the words appended) as one
     types and offers the answer's items in the field's datalist, by their label (or name). The
     server resolves what is sent; without script the field is a plain search, and the server's
     own suggestions stay in the datalist. */
  function typeahead(input) {
    var list = document.getElementById(input.getAttribute('list'));
    var timer = null, asked = '';
    if (!list) return;
    input.addEventListener('input', function () {
      var q = input.value.trim();
      clearTimeout(timer);
      if (q.length < 2 || q === asked) return;
      timer = setTimeout(function () {
        asked = q;
        fetch(input.getAttribute('data-typeahead') + encodeURIComponent(q),
              { credentials: 'same-origin', headers: { Accept: 'application/json' } })
          .then(function (res) { return res.ok ? res.json() : null; })
          .then(function (body) {
            if (!body || !body.items || input.value.trim() !== q) return;
            while (list.firstChild) list.removeChild(list.firstChild);
            body.items.forEach(function (item) {
              var o = document.createElement('option');
              o.value = String(item.label !== undefined ? item.label : item.name);
              list.appendChild(o);
            });
          })
          .catch(function () {});
      }, 200);
    });
  }

  /* A long select narrows to the options holding what is typed in a box before it. */
  function filterable(wrap) {
    var sel = wrap.querySelector('select');
    if (!sel) return;
    var box = document.createElement('input');
    box.type = 'search';
    box.className = 'select-filter';
    box.setAttribute('aria-label', wrap.getAttribute('data-filter-label') || '');
    box.setAttribute('aria-controls', sel.id);
    var options = Array.prototype.slice.call(sel.options);
    box.addEventListener('input', function () {
      var q = box.value.trim().toLowerCase();
      options.forEach(function (o) {
        o.hidden = q !== '' && o.value !== '' && !o.selected && o.text.toLowerCase().indexOf(q) < 0;
      });
    });
    sel.parentNode.insertBefore(box, sel);
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('input[data-typeahead][list]').forEach(typeahead);
    document.querySelectorAll('.filterable[data-filter-label]').forEach(filterable);
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
