'use strict';
// dozvon wallboard: agents' states and calls in progress, live over /ws/wallboard.
(function () {
  const $ = (id) => document.getElementById(id);
  const KEY = 'dozvon.adminToken';
  const STATE_LABEL = { available: 'Available', ringing: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up',
    away: 'Away', offline: 'Offline', taken: 'Connecting', connected: 'Talking' };
  const agents = new Map();
  const calls = new Map();
  let today = { offered: 0, answered: 0, missed: 0 };
  let token = null;
  let retry = 0;
  let opened = false;

  const params = new URLSearchParams(location.search);
  if (params.get('token')) {
    sessionStorage.setItem(KEY, params.get('token'));
    history.replaceState(null, '', location.pathname); // keep the token out of the address bar and history
  }
  token = sessionStorage.getItem(KEY);

  function td(text, cls) { const c = document.createElement('td'); if (cls) c.className = cls; c.textContent = text; return c; }
  function stateCell(state) {
    const c = document.createElement('td');
    const s = document.createElement('span');
    s.className = 'state ' + state;
    s.textContent = STATE_LABEL[state] || state;
    c.append(s);
    return c;
  }
  function since(iso) {
    if (!iso) return '—';
    const s = Math.max(0, Math.floor((Date.now() - Date.parse(iso)) / 1000));
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(r).padStart(2, '0');
  }

  function render() {
    const order = { ringing: 0, on_call: 1, wrap_up: 2, available: 3, away: 4, offline: 5 };
    const rows = [...agents.values()].sort((a, b) => (order[a.state] ?? 9) - (order[b.state] ?? 9) || a.name.localeCompare(b.name));
    $('agents').replaceChildren(...rows.map((a) => {
      const tr = document.createElement('tr');
      tr.dataset.agent = a.id;
      tr.append(td(a.name), td(a.group || '—'), stateCell(a.state), td(since(a.since), 'muted'));
      return tr;
    }));
    const live = [...calls.values()].filter((c) => c.state !== 'ended');
    $('calls').replaceChildren(...live.map((c) => {
      const tr = document.createElement('tr');
      tr.dataset.callId = c.callId;
      tr.append(td(c.caller || 'Unknown', 'caller'), td(c.group || '—'), stateCell(c.state), td(c.agent || '—'), td(since(c.since), 'muted'));
      return tr;
    }));
    $('calls-empty').hidden = live.length > 0;
    $('t-waiting').textContent = live.filter((c) => c.state === 'ringing').length;
    $('t-talking').textContent = live.filter((c) => c.state !== 'ringing').length;
    $('t-available').textContent = [...agents.values()].filter((a) => a.state === 'available').length;
    $('t-offered').textContent = today.offered;
    $('t-answered').textContent = today.answered;
    $('t-missed').textContent = today.missed;
  }

  function setConn(kind, text) { $('conn').className = 'conn ' + kind; $('conn-text').textContent = text; }

  function connect() {
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/wallboard?token=' + encodeURIComponent(token);
    opened = false;
    const ws = new WebSocket(url);
    ws.onopen = () => { opened = true; retry = 0; setConn('up', 'Live'); };
    ws.onmessage = (ev) => {
      let m; try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.type === 'snapshot') {
        agents.clear(); calls.clear();
        m.agents.forEach((a) => agents.set(a.id, a));
        m.calls.forEach((c) => calls.set(c.callId, c));
        today = m.today || today;
        $('login').hidden = true; $('board').hidden = false;
      } else if (m.type === 'agent') {
        agents.set(m.agent.id, m.agent);
      } else if (m.type === 'call') {
        if (m.call.state === 'ended') {
          calls.set(m.call.callId, m.call);
          setTimeout(() => { calls.delete(m.call.callId); render(); }, 3000);
        } else {
          calls.set(m.call.callId, m.call);
        }
        if (m.today) today = m.today;
      }
      render();
    };
    ws.onclose = () => {
      if (!opened && retry === 0) {
        sessionStorage.removeItem(KEY);
        $('board').hidden = true; $('login').hidden = false;
        $('token-error').textContent = 'The token was refused.';
        setConn('down', 'Not connected');
        return;
      }
      setConn('down', 'Reconnecting…');
      retry = Math.min(retry + 1, 6);
      setTimeout(connect, Math.min(10000, 500 * Math.pow(2, retry)));
    };
  }

  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const t = $('admin-token').value.trim();
    if (!t) { $('token-error').textContent = 'Enter the admin token.'; return; }
    $('token-error').textContent = '';
    token = t; sessionStorage.setItem(KEY, t); retry = 0;
    $('admin-token').value = '';
    connect();
  });

  setInterval(() => { $('clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); render(); }, 1000);
  if (token) { connect(); }
})();
