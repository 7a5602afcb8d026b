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


  // --- Sign-in ---------------------------------------------------------------------------------
  // A record page asked for without a token answers a sign-in page (401, no patient data). The
  // token comes from the link's fragment (#access_token=..., which never reaches a server), from
  // this tab's session, from the form, or from OpenID Connect (authorization code with PKCE) when
  // an external issuer is configured. The page is then fetched again with the token as a bearer
  // header: the server checks the same scopes and audits the read exactly as for the API.
  var TOKEN = 'umr.token';
  var PKCE = 'umr.pkce';

  function storedToken() {
    try { return sessionStorage.getItem(TOKEN); } catch (e) { return null; }
  }

  function storeToken(token) {
    try {
      if (token) sessionStorage.setItem(TOKEN, token); else sessionStorage.removeItem(TOKEN);
    } catch (e) { /* private mode: the token lives as long as the page */ }
    memoryToken = token;
  }

  var memoryToken = null;

  function tokenFromFragment() {
    if (!location.hash || location.hash.indexOf('access_token=') < 0) return null;
    var params = new URLSearchParams(location.hash.slice(1));
    var token = params.get('access_token');
    // the token must not stay in the address bar, the history or a bookmark
    history.replaceState(history.state, '', location.pathname + location.search);
    return token;
  }

  function claims(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      return JSON.parse(decodeURIComponent(escape(atob(part))));
    } catch (e) { return {}; }
  }

  function showSignedIn(token) {
    var box = document.getElementById('signed-in');
    if (!box) return;
    box.textContent = '';
    if (!token) { box.hidden = true; return; }
    var who = claims(token);
    box.appendChild(document.createTextNode('Signed in as ' + (who.name || who.preferred_username || who.sub || who.client_id || 'a token holder') + ' '));
    var out = document.createElement('button');
    out.type = 'button';
    out.className = 'nhsuk-button nhsuk-button--reverse nhsuk-button--small umr-signout';
    out.textContent = 'Sign out';
    out.addEventListener('click', function () {
      storeToken(null);
      location.assign(location.pathname + location.search);
    });
    box.appendChild(out);
    box.hidden = false;
  }

  function signInPanel(message) {
    var panel = document.getElementById('signin');
    if (!panel) return;
    var status = document.getElementById('signin-status');
    if (status) status.textContent = message || '';
    panel.querySelectorAll('[data-signin-ready]').forEach(function (e) { e.hidden = false; });
    var oidc = document.getElementById('signin-oidc');
    if (oidc) oidc.hidden = !panel.getAttribute('data-authorization-endpoint');
  }

  // Fetch a page with the bearer token and put it in place of this one.
  function load(url, push) {
    var token = memoryToken || storedToken();
    var main = document.getElementById('maincontent');
    if (main) main.setAttribute('aria-busy', 'true');
    return fetch(url, { headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'text/html' }, credentials: 'omit' })
      .then(function (response) {
        var type = response.headers.get('Content-Type') || '';
        if (response.status === 401) {
          storeToken(null);
          showSignedIn(null);
          throw new Error('Your sign-in has expired or was not accepted. Sign in again.');
        }
        if (type.indexOf('text/html') < 0) {
          return response.json().then(function (body) { throw new Error(body.message || ('The service answered ' + response.status)); },
                                      function () { throw new Error('The service answered ' + response.status); });
        }
        return response.text().then(function (html) {
          var next = new DOMParser().parseFromString(html, 'text/html');
          var nextMain = next.getElementById('maincontent');
          if (!nextMain) throw new Error('The service answered ' + response.status);
          document.title = next.title;
          main.innerHTML = nextMain.innerHTML;
          main.removeAttribute('aria-busy');
          if (push === 'push') history.pushState({ umr: true }, '', url);
          else if (push === 'replace') history.replaceState({ umr: true }, '', url);
          document.body.setAttribute('data-signed-in', 'true');
          showSignedIn(token);
          wirePage();
          var target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
          var heading = target || main.querySelector('h1');
          if (heading) {
            if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
            heading.focus();
          }
        });
      })
      .catch(function (error) {
        if (main) main.removeAttribute('aria-busy');
        if (!document.getElementById('signin')) {
          // signed in, then refused: show why on a sign-in page of our own
          location.assign(url);
          return;
        }
        signInPanel(error.message);
      });
  }

  // Once signed in, moving around the record (versions, span, latest) goes through load().
  function wireSignedInNavigation() {
    document.addEventListener('click', function (event) {
      if (document.body.getAttribute('data-signed-in') !== 'true' || event.defaultPrevented) return;
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var link = event.target.closest ? event.target.closest('a[href]') : null;
      if (!link) return;
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname.indexOf('/patients/') !== 0) return;
      if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
      event.preventDefault();
      load(url.pathname + url.search + url.hash, 'push');
    });
    document.addEventListener('submit', function (event) {
      if (document.body.getAttribute('data-signed-in') !== 'true') return;
      var form = event.target;
      if ((form.method || 'get').toLowerCase() !== 'get') return;
      var url = new URL(form.getAttribute('action') || location.pathname, location.href);
      if (url.origin !== location.origin || url.pathname.indexOf('/patients/') !== 0) return;
      event.preventDefault();
      url.search = new URLSearchParams(new FormData(form)).toString();
      load(url.pathname + url.search, 'push');
    });
    window.addEventListener('popstate', function () {
      if (document.body.getAttribute('data-signed-in') === 'true') load(location.pathname + location.search, null);
    });
  }

  function b64url(bytes) {
    var text = '';
    bytes.forEach(function (b) { text += String.fromCharCode(b); });
    return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomText(n) {
    var bytes = new Uint8Array(n);
    crypto.getRandomValues(bytes);
    return b64url(bytes);
  }

  // OpenID Connect, authorization code with PKCE (S256), as a public client in the browser.
  function startOidc(panel) {
    var verifier = randomText(48);
    var state = randomText(16);
    crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)).then(function (digest) {
      sessionStorage.setItem(PKCE, JSON.stringify({
        verifier: verifier, state: state, returnTo: location.pathname + location.search,
        tokenEndpoint: panel.getAttribute('data-token-endpoint'), clientId: panel.getAttribute('data-client-id')
      }));
      var url = new URL(panel.getAttribute('data-authorization-endpoint'));
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: panel.getAttribute('data-client-id'),
        redirect_uri: location.origin + '/signin/callback',
        scope: panel.getAttribute('data-scope'),
        state: state,
        code_challenge: b64url(new Uint8Array(digest)),
        code_challenge_method: 'S256'
      }).toString();
      location.assign(url.toString());
    });
  }

  function finishOidc(box) {
    var status = document.getElementById('signin-status');
    var params = new URLSearchParams(location.search);
    var saved = JSON.parse(sessionStorage.getItem(PKCE) || 'null');
    sessionStorage.removeItem(PKCE);
    function fail(message) { if (status) status.textContent = message; box.querySelectorAll('[data-signin-ready]').forEach(function (e) { e.hidden = false; }); }
    if (params.get('error')) return fail('Sign-in was not completed: ' + (params.get('error_description') || params.get('error')));
    if (!saved || !params.get('code') || params.get('state') !== saved.state) return fail('This sign-in link is not one this page started. Start again.');
    fetch(saved.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: params.get('code'), redirect_uri: location.origin + '/signin/callback',
        client_id: saved.clientId, code_verifier: saved.verifier
      }).toString()
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok || !body.access_token) throw new Error(body.error_description || body.error || ('the issuer answered ' + response.status));
        storeToken(body.access_token);
        location.replace(saved.returnTo || '/');
      });
    }).catch(function (error) { fail('Sign-in failed: ' + error.message); });
  }

  function wireSignIn() {
    var callback = document.getElementById('signin-callback');
    if (callback) { finishOidc(callback); return; }
    var fragment = tokenFromFragment();
    if (fragment) storeToken(fragment);
    var token = memoryToken || storedToken();
    var panel = document.getElementById('signin');
    if (!panel) { showSignedIn(token && document.body.getAttribute('data-signed-in') === 'true' ? token : null); return; }
    var form = document.getElementById('signin-token');
    if (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        var value = document.getElementById('token').value.trim();
        if (!value) { signInPanel('Enter a token.'); return; }
        storeToken(value);
        load(location.pathname + location.search, 'replace');
      });
    }
    // a link with a token to the page already open changes only the fragment: sign in with it
    window.addEventListener('hashchange', function () {
      var next = tokenFromFragment();
      if (!next) return;
      storeToken(next);
      load(location.pathname + location.search, 'replace');
    });
    var oidc = document.getElementById('signin-oidc-button');
    if (oidc) oidc.addEventListener('click', function () { startOidc(panel); });
    if (token) {
      storeToken(token);
      load(location.pathname + location.search + location.hash, 'replace');
    } else {
      signInPanel('');
    }
  }

  // What each record page needs again after it is put in place by load().
  // Acknowledging an alert: POST the decision as JSON with the bearer token, then show the record again.
  function wireAcknowledgements() {
    document.addEventListener('submit', function (event) {
      var form = event.target;
      if (!form.hasAttribute || !form.hasAttribute('data-acknowledge')) return;
      event.preventDefault();
      var error = form.querySelector('.umr-ack__error');
      var data = new FormData(form);
      var reason = (data.get('reason') || '').trim();
      if (!reason) {
        error.textContent = 'Enter a reason for the decision';
        form.querySelector('textarea').focus();
        return;
      }
      var body = { outcome: data.get('outcome'), reason: reason };
      if (data.get('until')) {
        var until = new Date(data.get('until'));
        if (isNaN(until.getTime())) {
          error.textContent = 'Enter the date and time the decision holds until, or leave it empty';
          return;
        }
        body.until = until.toISOString();
      }
      var button = form.querySelector('button');
      button.disabled = true;
      error.textContent = '';
      fetch(form.getAttribute('action'), {
        method: 'POST',
        headers: { 'Authorization': 'Bearer ' + (memoryToken || storedToken()), 'Content-Type': 'application/json', 'Accept': 'application/json' },
        body: JSON.stringify(body),
        credentials: 'omit'
      }).then(function (response) {
        if (response.ok) {
          return load(location.pathname + location.search + '#alert-' + form.getAttribute('data-acknowledge'), 'replace');
        }
        return response.json().then(function (problem) { throw new Error(problem.message || ('The service answered ' + response.status)); },
                                    function () { throw new Error('The service answered ' + response.status); });
      }).catch(function (e) {
        button.disabled = false;
        error.textContent = 'Not recorded: ' + e.message;
        error.setAttribute('tabindex', '-1');
        error.focus();
      });
    });
  }

  function wirePage() {
    document.querySelectorAll('input[data-nhs-check]').forEach(watchNhsNumber);
    document.querySelectorAll('.umr-timeline__svg').forEach(wireTimeline);
  }

  function start() {
    wirePage();
    wireItemLinks();
    wirePrint();
    wireSignedInNavigation();
    wireAcknowledgements();
    wireSignIn();
  }

  window.UMR = { nhsNumberProblem: nhsNumberProblem };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
