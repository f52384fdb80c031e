/*
 * dozvon call tracking: include with
 *   <script src="https://dozvon.example/tracking.js" async data-pool="site-visitors"></script>
 * and mark the phone numbers on the page, e.g. <a data-dozvon-phone href="tel:+74950000000">+7 495 000-00-00</a>.
 * It asks dozvon for a number of its own for this visitor (utm_* parameters and the referrer say where the visit
 * came from), shows it in every marked element, and renews it while the visitor stays on the site, so a call to
 * that number is attributed to this visit. Nothing changes on the page when dozvon cannot be reached.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || !window.fetch) { return; }
  var api = new URL(script.src, location.href).origin + '/api/tracking/sessions';
  var pool = script.getAttribute('data-pool');
  var selector = "__PHONE_SELECTOR__";
  var VISITOR = 'dozvon.visitor';
  var VISIT = 'dozvon.visit';
  var timer = null;

  function store(key, value) {
    try {
      if (value === undefined) { return window.localStorage.getItem(key); }
      window.localStorage.setItem(key, value);
    } catch (e) { /* private mode: the visit lasts as long as the page */ }
    return value;
  }

  function newVisitorId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var s = '';
    for (var i = 0; i < 4; i++) { s += Math.floor(Math.random() * 0x100000000).toString(36); }
    return ('v' + s + '00000000').slice(0, 24);
  }

  function visitorId() {
    var id = store(VISITOR);
    if (!id || !/^[A-Za-z0-9._-]{8,64}$/.test(id)) { id = store(VISITOR, newVisitorId()); }
    return id;
  }

  /** The campaign of this visit: utm parameters if present, else the referring site; kept for later pages. */
  function visit() {
    var q = new URLSearchParams(location.search);
    var v = null;
    if (q.get('utm_source')) {
      v = { source: q.get('utm_source'), medium: q.get('utm_medium'), campaign: q.get('utm_campaign'),
            keyword: q.get('utm_term'), landingPage: location.origin + location.pathname };
    } else if (document.referrer) {
      var ref = new URL(document.referrer);
      if (ref.host !== location.host) {
        v = { source: ref.hostname, medium: 'referral', campaign: null, keyword: null,
              landingPage: location.origin + location.pathname };
      }
    }
    if (v) { store(VISIT, JSON.stringify(v)); return v; }
    try { v = JSON.parse(store(VISIT) || 'null'); } catch (e) { v = null; }
    return v || { source: '(direct)', medium: '(none)', campaign: null, keyword: null,
                  landingPage: location.origin + location.pathname };
  }

  function show(number) {
    var nodes = document.querySelectorAll(selector);
    for (var i = 0; i < nodes.length; i++) {
      var el = nodes[i];
      el.textContent = number;
      el.setAttribute('data-dozvon-number', number);
      if (el.tagName === 'A') { el.setAttribute('href', 'tel:' + number); }
    }
  }

  function ask() {
    var body = visit();
    body.visitorId = visitorId();
    if (pool) { body.pool = pool; }
    fetch(api, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
                 credentials: 'omit' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (lease) {
        if (lease && lease.number) {
          show(lease.number);
          renewBefore(lease.expiresAt);
        }
      })
      .catch(function () { /* keep the page's own number */ });
  }

  /** Renew at half the lease left (at least 30 s apart), only while the page is open. */
  function renewBefore(expiresAt) {
    clearTimeout(timer);
    var left = Date.parse(expiresAt) - Date.now();
    var wait = Math.max(30000, isNaN(left) ? 60000 : left / 2);
    timer = setTimeout(function () {
      if (document.visibilityState !== 'hidden') { ask(); }
    }, wait);
  }

  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') { ask(); }
  });
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', ask); } else { ask(); }
})();
