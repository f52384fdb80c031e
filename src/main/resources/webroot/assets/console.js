'use strict';
// dozvon agent console: sign in, presence, screen pops with Take, the current call and its result.
(function () {
  const $ = (id) => document.getElementById(id);
  const TOKEN_KEY = 'dozvon.agentToken';
  const STATE_LABEL = { available: 'Available', ringing: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up', away: 'Away', offline: 'Offline' };
  const OUTCOME_LABEL = { answered: 'Answered', missed: 'Missed', abandoned: 'Caller hung up', rejected: 'Rejected', off_hours: 'Off hours',
    unknown: 'Ended' }; // unknown: it ended while this replica's bus was down

  let token = sessionStorage.getItem(TOKEN_KEY);
  let ws = null;
  let me = null;
  let retry = 0;
  let retryTimer = null;
  let pingTimer = null;
  let callbacks = [];      // open callback tasks this agent may be rung for, due first
  let ringingTask = null;  // the task the dialer rings this agent's phone for now
  const offers = new Map();       // callId -> offer message
  let current = null;             // { callId, caller, dialed, tracking, state }
  const recent = [];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }

  function tokenExpired(t) {
    try {
      const p = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return !p.e || p.e * 1000 <= Date.now();
    } catch (e) { return true; }
  }

  function toast(text) {
    const t = $('toast');
    t.textContent = text;
    t.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { t.hidden = true; }, 4000);
  }

  // ---------------------------------------------------------------- sign in / out
  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const agentId = $('agent-id').value.trim();
    const password = $('password').value;
    $('login-error').textContent = '';
    if (!agentId || !password) { $('login-error').textContent = 'Enter your agent ID and password.'; return; }
    $('login-submit').disabled = true;
    try {
      const res = await fetch('/api/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ agentId, password }) });
      const body = await res.json().catch(() => ({}));
      if (!res.ok) {
        $('login-error').textContent = res.status === 429 ? (body.error || 'Too many attempts, wait a little.')
          : res.status === 401 ? 'Unknown agent or wrong password.' : (body.error || 'Sign-in failed.');
        return;
      }
      token = body.token;
      sessionStorage.setItem(TOKEN_KEY, token);
      $('password').value = '';
      showConsole();
    } catch (e) {
      $('login-error').textContent = 'The server cannot be reached.';
    } finally {
      $('login-submit').disabled = false;
    }
  });

  $('logout').addEventListener('click', () => logout());

  function logout(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    clearTimeout(retryTimer);
    if (ws) { ws.onclose = null; ws.close(1000); ws = null; }
    offers.clear(); current = null; recent.length = 0;
    renderOffers(); renderCurrent(); renderRecent();
    $('console').hidden = true; $('session-bar').hidden = true; $('login').hidden = false;
    $('login-error').textContent = message || '';
    $('agent-id').focus();
  }

  function showConsole() {
    $('login').hidden = true; $('console').hidden = false; $('session-bar').hidden = false;
    connect();
  }

  // ---------------------------------------------------------------- socket
  function setConn(kind, text) {
    $('conn').className = 'conn ' + kind;
    $('conn-text').textContent = text;
  }

  function connect() {
    if (!token || tokenExpired(token)) { logout('Your session has expired. Please sign in again.'); return; }
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/agent?token=' + encodeURIComponent(token);
    setConn('', retry ? 'Reconnecting…' : 'Connecting…');
    let opened = false;
    ws = new WebSocket(url);
    ws.onopen = () => {
      opened = true; retry = 0; setConn('up', 'Online');
      clearInterval(pingTimer);
      pingTimer = setInterval(() => send({ type: 'ping' }), 25000);
    };
    ws.onmessage = (ev) => {
      let m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      handle(m);
    };
    ws.onclose = () => {
      clearInterval(pingTimer);
      ws = null;
      if (!token) return;
      if (!opened && tokenExpired(token)) { logout('Your session has expired. Please sign in again.'); return; }
      setConn('down', 'Offline — reconnecting');
      retry = Math.min(retry + 1, 6);
      retryTimer = setTimeout(connect, Math.min(10000, 500 * Math.pow(2, retry)));
    };
  }

  function send(m) {
    if (ws && ws.readyState === WebSocket.OPEN) { ws.send(JSON.stringify(m)); return true; }
    return false;
  }

  function handle(m) {
    switch (m.type) {
      case 'hello':
        me = m.agent;
        $('agent-name').textContent = me.name || me.id;
        $('agent-group').textContent = me.group;
        $('avatar').textContent = (me.name || me.id).slice(0, 1).toUpperCase();
        setPresence(m.presence);
        loadCallbacks();
        break;
      case 'presence': setPresence(m.state); break;
      case 'call.offer':
        if (!offers.has(m.callId) && !(current && current.callId === m.callId)) {
          offers.set(m.callId, Object.assign({ receivedAt: Date.now() }, m));
          renderOffers();
        }
        break;
      case 'call.taken': {
        const o = offers.get(m.callId);
        if (me && m.by === me.id) {
          startCurrent(o || (current && current.callId === m.callId ? current : { callId: m.callId }), 'connecting');
        } else if (o) {
          addRecent(o, 'Taken by ' + m.by);
        }
        offers.delete(m.callId);
        renderOffers();
        break;
      }
      case 'call.connected': {
        const o = offers.get(m.callId);
        if (me && m.agent === me.id) {
          startCurrent(o || (current && current.callId === m.callId ? current : { callId: m.callId }), 'connected');
        } else if (o) {
          addRecent(o, m.agent ? 'Answered by ' + m.agent : 'Answered elsewhere');
        }
        offers.delete(m.callId);
        renderOffers();
        break;
      }
      case 'call.ended': {
        const o = offers.get(m.callId);
        if (o) { addRecent(o, OUTCOME_LABEL[m.outcome] || m.outcome); offers.delete(m.callId); renderOffers(); }
        if (current && current.callId === m.callId) { current.state = 'ended'; current.outcome = m.outcome; renderCurrent(); }
        break;
      }
      case 'callback.assigned':
        // the dialer rings this agent's phone for a callback task; the customer is dialled once they answer
        ringingTask = m.taskId;
        toast('Callback to ' + m.phone + ' (' + m.reason + ', attempt ' + m.attempt + '): pick up your phone');
        loadCallbacks();
        break;
      case 'disposition.saved':
        $('disp-status').className = 'form-status';
        $('disp-status').textContent = 'Saved ✓';
        if (current && current.callId === m.callId) {
          addRecent(current, 'Result: ' + (current.category || 'saved'));
          if (current.state === 'ended') { current = null; renderCurrent(); }
        }
        break;
      case 'error':
        if (m.callId && offers.has(m.callId)) {
          const btn = document.querySelector('.offer[data-call-id="' + CSS.escape(m.callId) + '"] .take');
          if (btn) { btn.disabled = false; btn.textContent = 'Take'; }
        }
        if ($('disp-status') && m.callId && current && m.callId === current.callId && m.field) {
          $('disp-status').className = 'form-status err';
          $('disp-status').textContent = m.error;
        } else {
          toast(m.error);
        }
        break;
      default: break;
    }
  }

  // ---------------------------------------------------------------- presence
  function setPresence(state) {
    document.querySelectorAll('#presence button').forEach((b) => {
      b.setAttribute('aria-checked', String(b.dataset.state === state));
    });
    const pres = $('presence');
    const busy = !['available', 'away', 'offline'].includes(state);
    pres.classList.toggle('busy', busy);
    pres.title = busy ? 'You are ' + (STATE_LABEL[state] || state).toLowerCase() : '';
    const pill = $('busy-state');
    pill.hidden = !busy;
    pill.className = 'busy-pill ' + state;
    pill.textContent = busy ? (STATE_LABEL[state] || state) : '';
  }
  document.querySelectorAll('#presence button').forEach((b) => {
    b.addEventListener('click', () => { if (!send({ type: 'presence.set', state: b.dataset.state })) toast('Not connected.'); });
  });

  // ---------------------------------------------------------------- offers
  function fmtWait(ms) {
    const s = Math.max(0, Math.floor(ms / 1000));
    return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0');
  }

  function trackingText(t) {
    if (!t) return null;
    return [t.source, t.medium, t.campaign, t.keyword].filter(Boolean).join(' · ') || null;
  }

  /** "3 earlier calls · last: answered by boris, 12 Mar" from the offer's history (newest first). */
  function historyText(h) {
    if (!h || !h.length) return null;
    const last = h[0];
    const when = last.arrivedAt ? new Date(last.arrivedAt).toLocaleDateString(undefined, { day: 'numeric', month: 'short' }) : '';
    const what = (OUTCOME_LABEL[last.outcome] || last.outcome || '') + (last.answeredBy ? ' by ' + last.answeredBy : '');
    return h.length + (h.length === 1 ? ' earlier call' : ' earlier calls') + ' · last: ' + what + (when ? ', ' + when : '');
  }

  function renderOffers() {
    const box = $('offers');
    box.replaceChildren();
    for (const o of offers.values()) {
      const card = el('article', 'offer');
      card.dataset.callId = o.callId;
      card.setAttribute('aria-label', 'Incoming call from ' + (o.caller || 'unknown number'));
      const info = el('div', 'offer-info');
      info.append(el('div', 'caller', o.caller || 'Unknown number'));
      const meta = el('div', 'offer-meta');
      meta.append(el('span', null, 'to ' + (o.dialed || '—')));
      const tr = trackingText(o.tracking);
      if (tr) meta.append(el('span', 'chip source', tr));
      const c = o.customer;
      if (c && c.name) meta.append(el('span', 'chip customer', c.name));
      if (c && c.company) meta.append(el('span', 'chip', c.company));
      if (c && c.personalManager) meta.append(el('span', 'chip manager', 'Manager: ' + c.personalManager));
      const wait = el('span', 'ringing', 'Ringing ' + fmtWait(Date.now() - o.receivedAt));
      wait.dataset.since = String(o.receivedAt);
      meta.append(wait);
      info.append(meta);
      const hist = historyText(o.history);
      if (hist) info.append(el('div', 'offer-history muted', hist));
      if (c && c.note) info.append(el('div', 'offer-note', c.note));
      const take = el('button', 'take', 'Take');
      take.type = 'button';
      take.setAttribute('aria-label', 'Take call from ' + (o.caller || 'unknown number'));
      take.addEventListener('click', () => {
        if (send({ type: 'call.take', callId: o.callId })) { take.disabled = true; take.textContent = 'Taking…'; }
        else toast('Not connected.');
      });
      card.append(info, take);
      box.append(card);
    }
    $('offer-count').textContent = String(offers.size);
    $('offers-empty').hidden = offers.size > 0;
    document.title = (offers.size ? '(' + offers.size + ') ' : '') + 'dozvon · Agent console';
  }
  setInterval(() => {
    document.querySelectorAll('.ringing[data-since]').forEach((w) => {
      w.textContent = 'Ringing ' + fmtWait(Date.now() - Number(w.dataset.since));
    });
  }, 1000);

  // ---------------------------------------------------------------- current call
  function startCurrent(o, state) {
    if (!current || current.callId !== o.callId) {
      current = { callId: o.callId, caller: o.caller, dialed: o.dialed, tracking: o.tracking, state };
      $('disposition').reset();
      $('disp-status').textContent = '';
      fillCustomer(o.customer);
    } else {
      current.state = state;
    }
    renderCurrent();
  }

  function renderCurrent() {
    $('current-empty').hidden = !!current;
    $('current-call').hidden = !current;
    if (!current) return;
    $('current-caller').textContent = current.caller || 'Unknown number';
    $('current-dialed').textContent = current.dialed || '—';
    const tr = trackingText(current.tracking);
    $('current-tracking').textContent = tr ? ' · ' + tr : '';
    const badge = $('call-state');
    const label = current.state === 'connecting' ? 'Connecting your phone…'
      : current.state === 'connected' ? 'Connected'
      : 'Ended' + (current.outcome ? ' · ' + (OUTCOME_LABEL[current.outcome] || current.outcome) : '');
    badge.textContent = label;
    badge.className = 'badge ' + current.state;
  }

  // ---------------------------------------------------------------- customer card
  function fillCustomer(c) {
    $('cust-name').value = (c && c.name) || '';
    $('cust-company').value = (c && c.company) || '';
    $('cust-note').value = (c && c.note) || '';
    $('cust-manager').textContent = c && c.personalManager ? '· manager: ' + c.personalManager : '';
    $('cust-status').textContent = '';
    $('customer').hidden = !(current && current.caller && /^\+?[0-9]{2,20}$/.test(current.caller));
  }

  $('customer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!current || !current.caller) return;
    const status = $('cust-status');
    status.className = 'form-status';
    status.textContent = 'Saving…';
    try {
      const res = await fetch('/api/customers/' + encodeURIComponent(current.caller), {
        method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
        body: JSON.stringify({ name: $('cust-name').value, company: $('cust-company').value, note: $('cust-note').value })
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok) { status.textContent = 'Saved.'; }
      else { status.className = 'form-status err'; status.textContent = body.error || 'Not saved.'; }
    } catch (e) {
      status.className = 'form-status err';
      status.textContent = 'Not saved: no connection.';
    }
  });

  $('disposition').addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!current) return;
    const category = $('disp-category').value;
    if (!category) { $('disp-status').className = 'form-status err'; $('disp-status').textContent = 'Choose a category.'; return; }
    current.category = $('disp-category').selectedOptions[0].textContent;
    const ok = send({ type: 'call.disposition', callId: current.callId, category,
      value: $('disp-value').value, note: $('disp-note').value });
    $('disp-status').className = 'form-status';
    $('disp-status').textContent = ok ? 'Saving…' : 'Not connected.';
  });

  // ---------------------------------------------------------------- recent
  function addRecent(o, what) {
    recent.unshift({ caller: o.caller, what, at: new Date() });
    recent.splice(20);
    renderRecent();
  }

  function renderRecent() {
    const list = $('recent');
    list.replaceChildren();
    for (const r of recent) {
      const li = el('li');
      const left = el('div');
      left.append(el('div', 'caller', r.caller || 'Unknown number'), el('div', 'what', r.what));
      li.append(left, el('time', 'muted', r.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
      list.append(li);
    }
    $('recent-empty').hidden = recent.length > 0;
  }

  function loadCallbacks() {
    fetch('/api/console/callbacks', { headers: { Authorization: 'Bearer ' + token } })
      .then((r) => (r.ok ? r.json() : []))
      .then((list) => { callbacks = Array.isArray(list) ? list : []; renderCallbacks(); })
      .catch(() => {});
  }

  function renderCallbacks() {
    const list = $('callbacks');
    list.replaceChildren();
    for (const c of callbacks) {
      const li = el('li');
      const left = el('div');
      const what = (c.note ? c.reason + ': ' + c.note : c.reason) + (c.attempts ? ' · ' + c.attempts + ' tried' : '')
        + (c.id === ringingTask ? ' · ringing you now' : '');
      left.append(el('div', 'caller', c.phone), el('div', 'what', what));
      li.append(left, el('time', 'muted', new Date(c.dueAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
      list.append(li);
    }
    $('callbacks-empty').hidden = callbacks.length > 0;
  }

  // ---------------------------------------------------------------- start
  renderOffers(); renderCurrent(); renderRecent(); renderCallbacks();
  if (token && !tokenExpired(token)) showConsole();
})();
