/* Tillit - small improvements on top of pages that work without script.
   No user data is read from anywhere but data-* attributes (strict CSP). */
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    /* Move focus to the error summary so screen-reader users hear it first. */
    var summary = document.querySelector('.error-summary');
    if (summary) summary.focus();
  });
})();
