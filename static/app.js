/* Tillit - small improvements on top of pages that work without script.
   No user data is read from anywhere but data-* attributes (strict CSP). */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    /* Move focus to the error summary so screen-reader users hear it first. */
    var summary = document.querySelector('.error-summary');
    if (summary) summary.focus();
    /* Ask before destructive actions marked with data-confirm. */
    document.querySelectorAll('form[data-confirm]').forEach(function (form) {
      form.addEventListener('submit', function (ev) {
        if (!window.confirm(form.getAttribute('data-confirm'))) ev.preventDefault();
      });
    });
  });
})();
