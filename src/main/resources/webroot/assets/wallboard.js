'use strict';
// dozvon wallboard: agents' states and calls in progress, live over /ws/wallboard.
(function () {
  const $ = (id) => document.getElementById(id);
  const KEY = 'dozvon.adminToken';
  const STATE_LABEL = { available: 'Available', ringing: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up',
    away: 'Away', offline: 'Offline', taken: 'Connecting', connected: 'Talking' };
  const agents = new Map();
  const calls = new Map();
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
    renderStaffNow();
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
        $('login').hidden = true; $('board').hidden = false;
        refreshGroups();
        refreshReports();
      } else if (m.type === 'agent') {
        agents.set(m.agent.id, m.agent);
        refreshGroups();
      } else if (m.type === 'call') {
        if (m.call.state === 'ended') {
          reportsSoon(); // the record lands in Postgres right after the call ends
          calls.set(m.call.callId, m.call);
          setTimeout(() => { calls.delete(m.call.callId); render(); }, 3000);
        } else {
          calls.set(m.call.callId, m.call);
        }
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

  // ---- reports: today's figures, heatmap and staffing, from /api/reports with the admin token ----
  const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  let group = null;
  let staffing = null;
  let staffingAt = 0;
  let reportTimer = null;
  /** Four weeks of history change slowly; today's figures do not. */
  const STAFFING_EVERY_MS = 10 * 60 * 1000;

  async function api(path) {
    const r = await fetch(path, { headers: { Authorization: 'Bearer ' + token } });
    if (!r.ok) throw new Error(path + ': ' + r.status);
    return r.json();
  }
  function pct(x) { return x == null ? '—' : Math.round(x * 100) + '%'; }
  function secs(x) { return x == null ? '—' : Math.round(x) + ' s'; }

  function refreshGroups() {
    const names = [...new Set([...agents.values()].map((a) => a.group).filter(Boolean))].sort();
    const sel = $('group');
    if ([...sel.options].map((o) => o.value).join() !== names.join()) {
      sel.replaceChildren(...names.map((g) => { const o = document.createElement('option'); o.value = g; o.textContent = g; return o; }));
    }
    if (!names.includes(group)) group = names[0] || null;
    sel.value = group || '';
  }

  async function refreshReports() {
    const q = group ? '?group=' + encodeURIComponent(group) : '';
    try {
      const k = await api('/api/reports/kpi' + q); // today so far, in the group's zone
      $('r-offered').textContent = k.offered;
      $('r-handled').textContent = k.handled;
      $('r-car').textContent = pct(k.car);
      $('r-asa').textContent = secs(k.asa);
      $('r-sl20').textContent = pct(k.sl20);
      if (group && (!staffing || staffing.group !== group || Date.now() - staffingAt > STAFFING_EVERY_MS)) {
        staffing = await api('/api/reports/staffing' + q + '&serviceLevel=0.8&seconds=20');
        staffingAt = Date.now();
        renderHeatmap();
      }
      renderStaffNow();
    } catch (e) {
      $('staff-note').textContent = 'Reports unavailable right now.';
    }
  }
  function reportsSoon() { clearTimeout(reportTimer); reportTimer = setTimeout(refreshReports, 1500); }

  /** The weekday (0 = Monday) and hour the group's wall clock shows now. */
  function nowSlot(tz) {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, weekday: 'short', hour: 'numeric', hourCycle: 'h23' })
      .formatToParts(new Date());
    return { d: DAYS.indexOf(parts.find((p) => p.type === 'weekday').value), h: Number(parts.find((p) => p.type === 'hour').value) % 24 };
  }

  function renderHeatmap() {
    const s = staffing;
    $('heat-zone').textContent = '· ' + s.timezone;
    if ($('heat-hours').children.length === 1) {
      for (let h = 0; h < 24; h++) { const th = document.createElement('th'); th.scope = 'col'; th.textContent = h; $('heat-hours').append(th); }
    }
    const max = Math.max(1, ...s.calls.flat());
    const now = nowSlot(s.timezone);
    $('heat-rows').replaceChildren(...s.calls.map((hours, d) => {
      const tr = document.createElement('tr');
      const th = document.createElement('th'); th.scope = 'row'; th.textContent = DAYS[d]; tr.append(th);
      hours.forEach((n, h) => {
        const td = document.createElement('td');
        const share = n / max;
        // white → brand blue; text turns white on dark cells
        td.style.background = n === 0 ? '#f2f4f7' : 'rgba(47, 91, 234, ' + (0.12 + 0.88 * share).toFixed(3) + ')';
        if (share > 0.55) td.style.color = '#fff';
        td.dataset.count = n;
        td.dataset.day = d; td.dataset.hour = h;
        td.title = DAYS[d] + ' ' + h + ':00 — ' + n + ' calls, ' + s.erlangC[d][h] + ' / ' + s.erlangX[d][h] + ' agents (Erlang C / X)';
        td.textContent = n || '';
        if (s.erlangC[d][h]) { const a = document.createElement('span'); a.className = 'a'; a.textContent = s.erlangC[d][h] + '/' + s.erlangX[d][h]; td.append(a); }
        if (d === now.d && h === now.h) td.classList.add('now');
        tr.append(td);
      });
      return tr;
    }));
  }

  function renderStaffNow() {
    if (!staffing) return;
    const now = nowSlot(staffing.timezone);
    const c = staffing.erlangC[now.d][now.h];
    const x = staffing.erlangX[now.d][now.h];
    const loggedIn = [...agents.values()].filter((a) => a.group === group && a.state !== 'offline').length;
    $('staff-c').textContent = c;
    $('staff-x').textContent = x;
    $('staff-in').textContent = loggedIn;
    $('staff-now').classList.toggle('short', loggedIn < x);
    $('staff-note').textContent = DAYS[now.d] + ' ' + now.h + ':00 in ' + staffing.timezone
      + (staffing.aht == null ? ' · no answered calls in the last 4 weeks to size from' : ' · AHT ' + Math.round(staffing.aht) + ' s'
      + (staffing.patience == null ? '' : ', patience ' + Math.round(staffing.patience) + ' s'));
  }

  $('group').addEventListener('change', (ev) => { group = ev.target.value; staffing = null; refreshReports(); });
  setInterval(() => { if (token && !$('board').hidden) refreshReports(); }, 30000);

  setInterval(() => { $('clock').textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }); render(); }, 1000);
  if (token) { connect(); }
})();
