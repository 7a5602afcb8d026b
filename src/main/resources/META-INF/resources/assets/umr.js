// UMR clinician view: a little plain JavaScript on top of pages that work without it.
(function () {
  'use strict';

  // --- NHS number: Modulus 11 feedback as you type ------------------------------------------
  function nhsNumberProblem(text) {
    var digits = text.replace(/[\s-]/g, '');
    if (digits === '') return null;
    if (!/^\d+$/.test(digits)) return 'An NHS number has digits only';
    if (digits.length < 10) return digits.length + ' of 10 digits';
    if (digits.length > 10) return 'Too many digits: an NHS number has 10';
    var sum = 0;
    for (var i = 0; i < 9; i++) sum += Number(digits.charAt(i)) * (10 - i);
    var check = 11 - (sum % 11);
    if (check === 11) check = 0;
    if (check === 10 || check !== Number(digits.charAt(9))) return 'Not a valid NHS number: the check digit is wrong';
    return '';
  }

  function watchNhsNumber(input) {
    var out = document.getElementById(input.getAttribute('data-nhs-check'));
    if (!out) return;
    function update() {
      var problem = nhsNumberProblem(input.value);
      out.className = 'umr-nhs-check nhsuk-body-s';
      if (problem === null) {
        out.textContent = '';
      } else if (problem === '') {
        out.textContent = 'Valid NHS number';
        out.className += ' umr-nhs-check--valid';
      } else {
        out.textContent = problem;
        if (!/^\d+ of 10 digits$/.test(problem)) out.className += ' umr-nhs-check--invalid';
      }
    }
    input.addEventListener('input', update);
    update();
  }

  // --- Timeline: one tab stop, arrow keys between bars, the focused bar's record shown -------
  function wireTimeline(svg) {
    var bars = Array.prototype.slice.call(svg.querySelectorAll('.umr-bar'));
    var panel = document.getElementById('timeline-focus');
    if (bars.length === 0) return;
    bars.forEach(function (bar, index) {
      bar.setAttribute('tabindex', index === 0 ? '0' : '-1');
      bar.addEventListener('focus', function () {
        bars.forEach(function (other) { other.setAttribute('tabindex', other === bar ? '0' : '-1'); });
        show(bar);
      });
      bar.addEventListener('mouseenter', function () { show(bar); });
      bar.addEventListener('click', function () { bar.focus(); });
      bar.addEventListener('keydown', function (event) {
        var next = null;
        switch (event.key) {
          case 'ArrowDown': case 'ArrowRight': next = bars[Math.min(index + 1, bars.length - 1)]; break;
          case 'ArrowUp': case 'ArrowLeft': next = bars[Math.max(index - 1, 0)]; break;
          case 'Home': next = bars[0]; break;
          case 'End': next = bars[bars.length - 1]; break;
          case 'Enter': case ' ':
            var item = document.getElementById('item-' + bar.getAttribute('data-item'));
            if (item) { openAround(item); item.focus(); }
            event.preventDefault();
            return;
          default: return;
        }
        event.preventDefault();
        next.focus();
      });
    });
    function show(bar) {
      if (panel) panel.textContent = bar.getAttribute('data-description');
    }
  }

  // A link to a medicine inside the folded "stopped and historic" list opens it first.
  function openAround(element) {
    for (var node = element; node; node = node.parentElement) {
      if (node.tagName === 'DETAILS') node.open = true;
    }
  }

  function wireItemLinks() {
    document.addEventListener('click', function (event) {
      var link = event.target.closest ? event.target.closest('a[href^="#item-"], a[href^="#alert-"]') : null;
      if (!link) return;
      var target = document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      openAround(target);
      event.preventDefault();
      history.replaceState(null, '', link.getAttribute('href'));
      target.setAttribute('tabindex', '-1');
      target.focus();
      target.scrollIntoView({ block: 'start' });
    });
  }

  // --- Print: the folded medicines are on paper too ------------------------------------------
  function wirePrint() {
    var opened = [];
    window.addEventListener('beforeprint', function () {
      document.querySelectorAll('details.umr-folded:not([open])').forEach(function (d) { d.open = true; opened.push(d); });
    });
    window.addEventListener('afterprint', function () {
      opened.forEach(function (d) { d.open = false; });
      opened = [];
    });
  }

  function start() {
    document.querySelectorAll('input[data-nhs-check]').forEach(watchNhsNumber);
    document.querySelectorAll('.umr-timeline__svg').forEach(wireTimeline);
    wireItemLinks();
    wirePrint();
  }

  window.UMR = { nhsNumberProblem: nhsNumberProblem };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
