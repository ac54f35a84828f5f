// The LinkMesh console: hash-routed pages over the REST API.
import {ApiError, enc, get, getText, problems, request} from './api.js';
import {markdown} from './markdown.js';
import {ago, badge, copyButton, field, fill, formatPairs, h, message, parsePairs, shortHash, table, time} from './dom.js';

const shell = document.getElementById('main');
// Each navigation renders into a fresh element; a page still loading from an earlier navigation
// keeps writing into its own detached one, never over the page now shown.
let view = shell;
const flash = document.getElementById('flash');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const logoutButton = document.getElementById('logout');

let me = null; // {name, role}
let cleanups = [];
let generation = 0;

const routes = [
  [/^#\/login$/, loginPage],
  [/^#\/fleet$/, fleetPage],
  [/^#\/collectors\/([^/]+)$/, collectorPage],
  [/^#\/configs$/, configsPage],
  [/^#\/configs\/new$/, () => configEditor(null)],
  [/^#\/config\/([^/]+)$/, configEditor],
  [/^#\/history$/, historyPage],
  [/^#\/revisions\/([^/]+)$/, revisionPage],
  [/^#\/enroll$/, enrollPage],
  [/^#\/firewall$/, firewallPage],
];

// ---- shell ------------------------------------------------------------------------------------

function showError(err, where) {
  const text = err instanceof ApiError ? err.message : 'Something went wrong in the page: ' + err.message;
  const details = err instanceof ApiError && err.code === 'invalid_config' ? problems(err) : [];
  const box = message('error', text, details);
  if (where) fill(where, box);
  return box;
}

function setFlash(kind, text) {
  fill(flash, text ? message(kind, text) : null);
}

let pendingFlash = null;

/** A message to show on the page the next navigation leads to. */
function flashNext(kind, text) {
  pendingFlash = [kind, text];
}

function onPage(fn) {
  cleanups.push(fn);
}

/** True while the page that started some work is still the one shown. */
function current(token) {
  return token === generation;
}

async function route() {
  for (const fn of cleanups) fn();
  cleanups = [];
  generation++;
  const hash = location.hash || '#/fleet';
  if (!me && hash !== '#/login') {
    try {
      me = (await request('GET', '/whoami', {onUnauthenticated: false})).data;
    } catch (e) {
      me = null;
      location.hash = '#/login';
      return;
    }
    showUser();
  }
  for (const a of nav.querySelectorAll('a')) {
    const active = hash === a.getAttribute('href') || hash.startsWith(a.getAttribute('href').replace(/s$/, ''));
    if (active) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  for (const [pattern, page] of routes) {
    const m = hash.match(pattern);
    if (m) {
      const mine = h('div');
      view = mine;
      fill(shell, mine);
      shell.focus();
      try {
        await page(...m.slice(1).map(decodeURIComponent));
      } catch (e) {
        showError(e, mine);
      }
      return;
    }
  }
  location.hash = '#/fleet';
}

/** Whether the logged-in operator may change things (operator or admin). */
function canChange() {
  return Boolean(me) && me.role !== 'viewer';
}

const READ_ONLY = 'Your role is viewer: you can look at everything here but not change it.';

function showUser() {
  nav.hidden = !me;
  logoutButton.hidden = !me;
  fill(who, me ? `${me.name} (${me.role})` : '');
}

window.addEventListener('hashchange', () => {
  if (pendingFlash) setFlash(...pendingFlash); else setFlash();
  pendingFlash = null;
  route();
});
window.addEventListener('linkmesh:unauthenticated', () => {
  if (location.hash !== '#/login') {
    me = null;
    showUser();
    flashNext('info', 'Your session has ended. Log in again to continue.');
    location.hash = '#/login';
  }
});
logoutButton.addEventListener('click', async () => {
  try {
    await request('DELETE', '/session', {onUnauthenticated: false});
  } catch (e) {
    // logged out either way
  }
  me = null;
  showUser();
  flashNext('info', 'You are logged out.');
  location.hash = '#/login';
});

// ---- login ------------------------------------------------------------------------------------

async function loginPage() {
  const main = view;
  me = null;
  showUser();
  document.title = 'Log in — LinkMesh';
  const token = h('input', {type: 'password', name: 'token', autocomplete: 'off', required: true, spellcheck: 'false'});
  const out = h('div');
  const form = h('form', {class: 'login', 'aria-labelledby': 'login-title'},
    h('h1', {id: 'login-title'}, 'Log in to LinkMesh'),
    field('login-token', 'API token', token,
      'Paste the admin token (admin.token in the data directory) or an API token an admin gave you. It is kept only on the server; the browser gets a session cookie.'),
    h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'login-submit'}, 'Log in')),
    out);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    fill(out);
    if (!token.value.trim()) {
      fill(out, message('error', 'Paste a token first.'));
      return;
    }
    try {
      const r = await request('POST', '/session', {body: {token: token.value.trim()}, onUnauthenticated: false});
      me = r.data;
      token.value = '';
      showUser();
      setFlash();
      location.hash = '#/fleet';
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        fill(out, message('error', 'That token was not accepted: it is unknown, expired or revoked. Check that you pasted all of it.'));
      } else {
        showError(e, out);
      }
    }
  });
  fill(main, form);
  token.focus();
}

// ---- fleet ------------------------------------------------------------------------------------

function health(c) {
  if (!c.health) return badge('off', 'unknown');
  return c.health.healthy ? badge('ok', 'healthy') : badge('bad', c.health.lastError ? 'unhealthy: ' + c.health.lastError : 'unhealthy');
}

function syncCell(c) {
  const desired = c.desiredConfigHash;
  const applied = c.appliedConfigHash;
  const state = !desired ? badge('off', 'no config')
    : desired === applied ? badge('ok', 'in sync') : badge('warn', 'pending');
  return h('span', {}, state, ' ', h('span', {class: 'mono', title: `desired ${desired || 'none'}, applied ${applied || 'none'}`},
    `${shortHash(desired)} / ${shortHash(applied)}`));
}

function remoteStatus(c) {
  const s = c.remoteConfigStatus || {};
  const name = String(s.status || 'UNSET').toLowerCase();
  const kind = name === 'applied' ? 'ok' : name === 'failed' ? 'bad' : name === 'applying' ? 'warn' : 'off';
  return h('span', {}, badge(kind, name), s.errorMessage ? h('span', {class: 'hint'}, ' ' + s.errorMessage) : null);
}

async function fleetPage() {
  const main = view;
  document.title = 'Fleet — LinkMesh';
  const token = generation;
  const runtime = h('select', {}, h('option', {value: ''}, 'any'), h('option', {value: 'otelcol'}, 'otelcol'), h('option', {value: 'alloy'}, 'alloy'));
  const connected = h('select', {}, h('option', {value: ''}, 'any'), h('option', {value: 'true'}, 'connected'), h('option', {value: 'false'}, 'disconnected'));
  const labels = h('input', {type: 'text', placeholder: 'env=prod, region=eu'});
  const search = h('input', {type: 'search', placeholder: 'name or id'});
  const status = h('p', {class: 'hint', 'aria-live': 'polite'});
  const out = h('div');
  fill(main,
    h('h1', {}, 'Fleet'),
    h('form', {class: 'row', role: 'search', 'aria-label': 'Filter collectors', onsubmit: ev => { ev.preventDefault(); load(); }},
      field('f-runtime', 'Runtime', runtime),
      field('f-connected', 'Connection', connected),
      field('f-labels', 'Labels', labels),
      field('f-search', 'Search', search),
      h('button', {type: 'submit', class: 'secondary'}, 'Apply')),
    status, out);
  for (const el of [runtime, connected]) el.addEventListener('change', load);
  search.addEventListener('input', load);

  async function load() {
    let query;
    try {
      const params = new URLSearchParams();
      if (runtime.value) params.set('runtime', runtime.value);
      if (connected.value) params.set('connected', connected.value);
      for (const [k, v] of Object.entries(parsePairs(labels.value))) params.append('label', `${k}=${v}`);
      query = params.toString();
    } catch (e) {
      fill(out, message('error', 'The label filter is not valid: ' + e.message + ' Write it as key=value, separated by commas.'));
      return;
    }
    try {
      const data = await get('/collectors' + (query ? '?' + query : ''));
      if (!current(token)) return;
      const needle = search.value.trim().toLowerCase();
      const items = data.items.filter(c => !needle || c.name.toLowerCase().includes(needle) || c.id.toLowerCase().includes(needle));
      fill(status, `${items.length} collector${items.length === 1 ? '' : 's'} · updated ${time(new Date().toISOString())} · refreshes every 5 seconds`);
      if (items.length === 0) {
        fill(out, message('info', data.items.length === 0 && !query
          ? 'No collector has enrolled yet. Mint an enrollment token on the Enroll page and start a collector with it.'
          : 'No collector matches these filters.'));
        return;
      }
      fill(out, table(null,
        ['Name', 'ID', 'Runtime', 'Connected', 'Transport', 'Last seen', 'Health', 'Desired / applied', 'Remote config'],
        items.map(c => [
          h('a', {href: '#/collectors/' + enc(c.id)}, c.name || c.id),
          h('span', {class: 'mono'}, c.id),
          c.runtime,
          c.connected ? badge('ok', 'connected') : badge('off', 'disconnected'),
          c.transport || '—',
          h('span', {title: time(c.lastSeen)}, c.lastSeen ? ago(c.lastSeen) : 'never'),
          health(c),
          syncCell(c),
          remoteStatus(c),
        ]), 'fleet-table'));
    } catch (e) {
      if (current(token)) showError(e, out);
    }
  }
  await load();
  const timer = setInterval(load, 5000);
  onPage(() => clearInterval(timer));
}

// ---- collector detail -------------------------------------------------------------------------

function number(n) {
  if (n === null || n === undefined) return '—';
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2).replace(/\.?0+$/, '') || '0';
}

const SIGNALS = {spans: 'spans', metricPoints: 'metric points', logRecords: 'log records'};

function throughputTable(t) {
  const rows = [];
  for (const c of t.latest) {
    const signals = Object.entries(c.signals || {});
    const queue = c.queue ? `${number(c.queue.size)} / ${number(c.queue.capacity)}` + (c.queue.fillPercent == null ? '' : ` (${number(c.queue.fillPercent)} %)`) : '—';
    if (signals.length === 0) rows.push([c.kind, c.id, '—', '—', '—', queue]);
    for (const [signal, rates] of signals) {
      const parts = Object.entries(rates).filter(([k]) => k !== 'dropPercent').map(([k, v]) => `${k} ${number(v)}/s`);
      rows.push([c.kind, h('span', {class: 'mono'}, c.id), SIGNALS[signal] || signal, parts.join(', ') || '—',
        rates.dropPercent == null ? '—' : badge(rates.dropPercent > 1 ? 'bad' : 'ok', number(rates.dropPercent) + ' %'), queue]);
    }
  }
  return table(`Updated ${time(t.updatedAt)}; rates per second over the last interval.`,
    ['Kind', 'Component', 'Signal', 'Rates', 'Dropped', 'Queue'], rows, 'throughput-table');
}

function rulesTable(rules, caption) {
  return table(caption, ['Plane', 'From', 'To', 'Port', 'Protocol', 'Direction', 'Purpose', 'Why'],
    rules.map(r => [r.plane, r.from, r.undetermined ? h('span', {}, r.to, ' ', badge('warn', 'undetermined')) : r.to,
      r.port == null ? '—' : String(r.port), r.protocol, r.direction, r.purpose, r.undetermined || r.reason]));
}

async function section(title, where, load) {
  const body = h('div', {}, h('p', {class: 'hint'}, 'Loading…'));
  where.append(h('section', {'aria-label': title}, h('h2', {}, title), body));
  try {
    await load(body);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_configured') fill(body, message('info', e.message));
    else showError(e, body);
  }
}

async function collectorPage(id) {
  const main = view;
  const c = await get('/collectors/' + enc(id));
  document.title = `${c.name} — LinkMesh`;
  const path = '/collectors/' + enc(id);
  const out = h('div');
  const deregister = h('button', {type: 'button', class: 'danger'}, 'Deregister…');
  deregister.addEventListener('click', async () => {
    if (!window.confirm(`Deregister ${c.name} (${c.id})? Its credential is revoked and its next connection is refused. It would need a new enrollment token to come back.`)) return;
    try {
      await request('DELETE', path);
      flashNext('success', `${c.name} was deregistered.`);
      location.hash = '#/fleet';
    } catch (e) {
      showError(e, out);
    }
  });
  fill(main,
    h('p', {}, h('a', {href: '#/fleet'}, '← Fleet')),
    h('h1', {}, c.name, ' ', c.connected ? badge('ok', 'connected') : badge('off', 'disconnected')),
    out,
    h('div', {class: 'grid2'},
      h('section', {'aria-label': 'Status'}, h('h2', {}, 'Status'),
        h('dl', {class: 'props'},
          h('dt', {}, 'ID'), h('dd', {class: 'mono'}, c.id),
          h('dt', {}, 'Runtime'), h('dd', {}, c.runtime),
          h('dt', {}, 'Transport'), h('dd', {}, c.transport || '—'),
          h('dt', {}, 'Last seen'), h('dd', {}, `${time(c.lastSeen)} ${c.lastSeen ? '(' + ago(c.lastSeen) + ')' : ''}`),
          h('dt', {}, 'Registered'), h('dd', {}, time(c.registeredAt)),
          h('dt', {}, 'Health'), h('dd', {}, health(c)),
          h('dt', {}, 'Config'), h('dd', {}, syncCell(c)),
          h('dt', {}, 'Remote config'), h('dd', {}, remoteStatus(c)),
          h('dt', {}, 'Replica'), h('dd', {}, c.replica || '—'))),
      h('section', {'aria-label': 'Attributes'}, h('h2', {}, 'Attributes'),
        Object.keys(c.attributes).length
          ? h('dl', {class: 'props'}, Object.entries(c.attributes).flatMap(([k, v]) => [h('dt', {class: 'mono'}, k), h('dd', {class: 'mono'}, v)]))
          : h('p', {class: 'muted'}, 'It reported none.'))),
    labelsEditor(c, path));
  await section('Throughput', main, async body => {
    const t = await get(path + '/throughput?series=false');
    fill(body, t.latest.length ? throughputTable(t)
      : message('info', 'No throughput yet: the collector has not pushed its own metrics to LinkMesh.'));
  });
  await section('Events', main, async body => {
    const events = (await get(path + '/events?limit=50')).items;
    fill(body, events.length ? table(null, ['Time', 'Event', 'Detail'], events.map(e => [time(e.time), e.type, e.detail || ''])) : h('p', {class: 'muted'}, 'No events.'));
  });
  await section('Effective config', main, async body => {
    try {
      fill(body, h('pre', {}, await getText(path + '/effective-config')));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) fill(body, h('p', {class: 'muted'}, 'It has not reported the config it runs.'));
      else throw e;
    }
  });
  await section('Firewall: what it needs to reach', main, async body => {
    const report = await get(path + '/firewall');
    const out = report.rules.filter(r => r.direction === 'outbound');
    fill(body, out.length ? rulesTable(out, report.note) : h('p', {class: 'muted'}, 'No outbound rules.'),
      h('p', {}, h('a', {href: '/api/v1' + path + '/firewall?format=nftables&role=collectors', download: `linkmesh-${c.id}.nft`}, 'Download nftables rules for this host')));
  });
  if (!canChange()) return;
  main.append(h('section', {'aria-label': 'Danger zone'}, h('h2', {}, 'Deregister'),
    h('p', {class: 'hint'}, 'Removes the collector from the fleet and revokes its credential.'), deregister));
}

function labelsEditor(c, path) {
  const rows = h('div');
  const out = h('div', {'aria-live': 'polite'});
  let n = 0;
  function addRow(key, value) {
    const i = n++;
    const k = h('input', {type: 'text', value: key, 'aria-label': `Label ${i + 1} key`, class: 'label-key'});
    const v = h('input', {type: 'text', value: value, 'aria-label': `Label ${i + 1} value`, class: 'label-value'});
    const row = h('div', {class: 'row inline'}, k, v, h('button', {type: 'button', class: 'secondary', 'aria-label': `Remove label ${i + 1}`, onclick: () => row.remove()}, 'Remove'));
    rows.append(row);
  }
  for (const [k, v] of Object.entries(c.labels)) addRow(k, v);
  const form = h('form', {'aria-label': 'Labels'},
    rows,
    h('div', {class: 'actions'},
      h('button', {type: 'button', class: 'secondary', onclick: () => addRow('', '')}, 'Add label'),
      canChange() ? h('button', {type: 'submit'}, 'Save labels') : h('span', {class: 'hint'}, READ_ONLY)),
    out);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const labels = {};
    for (const row of rows.children) {
      const key = row.querySelector('.label-key').value.trim();
      const value = row.querySelector('.label-value').value.trim();
      if (!key && !value) continue;
      if (!key) { fill(out, message('error', 'Every label needs a key.')); return; }
      if (key in labels) { fill(out, message('error', `The label "${key}" is given twice.`)); return; }
      labels[key] = value;
    }
    try {
      await request('PUT', path + '/labels', {body: labels});
      fill(out, message('success', 'Labels saved. Configs are matched against them again.'));
    } catch (e) {
      showError(e, out);
    }
  });
  return h('section', {'aria-label': 'Labels'}, h('h2', {}, 'Labels'), form);
}

// ---- configs ----------------------------------------------------------------------------------

async function configsPage() {
  const main = view;
  document.title = 'Configs — LinkMesh';
  const data = await get('/configs');
  fill(main,
    h('h1', {}, 'Configs'),
    h('div', {class: 'actions'}, canChange()
      ? h('a', {class: 'button', href: '#/configs/new', id: 'new-config'}, 'New config')
      : h('span', {class: 'hint'}, READ_ONLY)),
    data.items.length
      ? table(data.revision ? `At revision ${shortHash(data.revision)}.` : null, ['Name', 'Runtime', 'Selector', 'Size'],
        data.items.map(c => [h('a', {href: '#/config/' + enc(c.name)}, c.name), c.runtime,
          Object.keys(c.selector).length ? h('span', {class: 'mono'}, formatPairs(c.selector)) : h('span', {class: 'muted'}, 'every collector of the runtime'),
          `${c.content.split('\n').length} lines`]), 'configs-table')
      : message('info', 'No configs yet. Create one to send it to the collectors its selector matches.'));
}

async function configEditor(name) {
  const main = view;
  const editing = name !== null;
  document.title = (editing ? name : 'New config') + ' — LinkMesh';
  let base = null;
  let config = {name: '', runtime: 'otelcol', selector: {}, content: ''};
  if (editing) {
    const r = await request('GET', '/configs/' + enc(name));
    config = r.data;
    base = r.etag;
  }
  const nameInput = h('input', {type: 'text', value: config.name, required: true, readOnly: editing, autocomplete: 'off'});
  const runtime = h('select', {}, ['otelcol', 'alloy'].map(r => h('option', {value: r, selected: r === config.runtime}, r)));
  const selector = h('input', {type: 'text', value: formatPairs(config.selector), autocomplete: 'off'});
  const content = h('textarea', {class: 'code', spellcheck: 'false'});
  content.value = config.content;
  const commitMessage = h('input', {type: 'text', autocomplete: 'off'});
  const out = h('div', {'aria-live': 'polite'});
  const based = h('p', {class: 'hint'});
  const showBase = () => fill(based, base ? `Editing on top of revision ${shortHash(base)}; a change made meanwhile by someone else is refused, not overwritten.` : 'A new config.');
  showBase();
  const form = h('form', {'aria-label': 'Config editor'},
    field('cfg-name', 'Name', nameInput, editing ? null : 'Lower-case letters, digits, dot, dash and underscore.'),
    field('cfg-runtime', 'Runtime', runtime),
    field('cfg-selector', 'Selector', selector, 'Labels a collector must have, as key=value separated by commas; empty selects every collector of the runtime.'),
    field('cfg-content', 'Content', content, 'The collector configuration (otelcol YAML or Alloy syntax). It is validated before it is saved.'),
    field('cfg-message', 'Change message', commitMessage, 'Optional; shown in the history.'),
    based,
    h('div', {class: 'actions'},
      canChange() ? h('button', {type: 'submit', id: 'cfg-save'}, 'Save') : h('span', {class: 'hint'}, READ_ONLY),
      h('a', {href: '#/configs'}, 'Back to configs')),
    out);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    fill(out);
    let sel;
    try {
      sel = parsePairs(selector.value);
    } catch (e) {
      fill(out, message('error', 'The selector is not valid: ' + e.message));
      selector.focus();
      return;
    }
    const target = nameInput.value.trim();
    if (!target) { fill(out, message('error', 'Give the config a name.')); nameInput.focus(); return; }
    const body = {runtime: runtime.value, selector: sel, content: content.value};
    if (commitMessage.value.trim()) body.message = commitMessage.value.trim();
    try {
      const r = await request('PUT', '/configs/' + enc(target), {body, ifMatch: base});
      base = r.data.revision;
      showBase();
      const text = r.data.unchanged ? 'Nothing changed: the config already had this content.' : `Saved as revision ${shortHash(r.data.revision)}.`;
      if (!editing) {
        flashNext('success', text);
        location.hash = '#/config/' + enc(target);
        return;
      }
      fill(out, message('success', text));
    } catch (e) {
      showError(e, out);
      out.scrollIntoView({block: 'nearest'});
      if (e instanceof ApiError && e.code === 'invalid_config') content.focus({preventScroll: true});
    }
  });
  fill(main, h('h1', {}, editing ? `Config ${name}` : 'New config'), form);
  if (!editing) nameInput.focus();
}

// ---- history ----------------------------------------------------------------------------------

async function historyPage() {
  const main = view;
  document.title = 'History — LinkMesh';
  const out = h('div');
  const pager = h('div', {class: 'actions'});
  const starts = [null];
  fill(main, h('h1', {}, 'History'), out, pager);
  async function show(index) {
    const from = starts[index];
    const data = await get('/revisions?limit=20' + (from ? '&from=' + enc(from) : ''));
    if (data.next && starts.length === index + 1) starts.push(data.next);
    fill(out, data.items.length
      ? table(null, ['Time', 'Author', 'Message', 'Revision'], data.items.map(r => [
        time(r.time), r.author, r.message || h('span', {class: 'muted'}, '(no message)'),
        h('a', {href: '#/revisions/' + enc(r.id), class: 'mono'}, shortHash(r.id))]), 'history-table')
      : message('info', 'No revisions yet.'));
    fill(pager,
      index > 0 ? h('button', {type: 'button', class: 'secondary', onclick: () => show(index - 1).catch(e => showError(e, out))}, '← Newer') : null,
      data.next ? h('button', {type: 'button', class: 'secondary', onclick: () => show(index + 1).catch(e => showError(e, out))}, 'Older →') : null);
  }
  await show(0);
}

function diffView(text) {
  const pre = h('pre', {class: 'diff'});
  for (const line of text.split('\n')) {
    const kind = line.startsWith('+++') || line.startsWith('---') ? '' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : line.startsWith('@@') ? 'hunk' : '';
    pre.append(kind ? h('span', {class: kind}, line) : document.createTextNode(line + '\n'));
  }
  return pre;
}

async function revisionPage(id) {
  const main = view;
  document.title = `Revision ${shortHash(id)} — LinkMesh`;
  const r = await get('/revisions/' + enc(id));
  const rev = r;
  const diff = await get('/revisions/' + enc(id) + '/diff');
  const out = h('div', {'aria-live': 'polite'});
  const restore = h('button', {type: 'button', id: 'restore'}, 'Restore this revision…');
  restore.addEventListener('click', async () => {
    if (!window.confirm(`Restore the configs as they were at revision ${shortHash(id)}? This makes a new revision; nothing is lost.`)) return;
    try {
      const res = await request('POST', '/revisions/' + enc(id) + '/restore');
      const made = res.data.revision.id;
      fill(out, res.data.unchanged
        ? message('info', 'Nothing to restore: the current configs already equal this revision.')
        : message('success', `Restored as new revision ${shortHash(made)}.`));
    } catch (e) {
      showError(e, out);
    }
  });
  const docs = diff.entries || [];
  fill(main,
    h('p', {}, h('a', {href: '#/history'}, '← History')),
    h('h1', {}, 'Revision ', h('span', {class: 'mono'}, shortHash(rev.id || id))),
    h('dl', {class: 'props'},
      h('dt', {}, 'Time'), h('dd', {}, time(rev.time)),
      h('dt', {}, 'Author'), h('dd', {}, rev.author || '—'),
      h('dt', {}, 'Message'), h('dd', {}, rev.message || '—'),
      h('dt', {}, 'Parent'), h('dd', {class: 'mono'}, rev.parent ? h('a', {href: '#/revisions/' + enc(rev.parent)}, shortHash(rev.parent)) : 'none (first revision)')),
    h('div', {class: 'actions'}, canChange() ? restore : h('span', {class: 'hint'}, READ_ONLY)),
    out,
    h('h2', {}, diff.from ? `Changes since ${shortHash(diff.from)}` : 'Changes'),
    docs.length ? docs.map(d => h('section', {'aria-label': d.path},
      h('h3', {class: 'mono'}, `${d.path} (${d.kind})`), diffView(d.unifiedDiff || '')))
      : (diff.unifiedDiff ? diffView(diff.unifiedDiff) : message('info', 'This revision changed nothing.')));
}

// ---- enroll -----------------------------------------------------------------------------------

async function enrollPage() {
  const main = view;
  document.title = 'Enroll — LinkMesh';
  const ttl = h('input', {type: 'number', min: '60', step: '60', value: '3600'});
  const uses = h('input', {type: 'number', min: '0', value: '1'});
  const labels = h('input', {type: 'text', placeholder: 'env=prod, region=eu', autocomplete: 'off'});
  const out = h('div', {'aria-live': 'polite'});
  const form = h('form', {'aria-label': 'Mint an enrollment token'},
    h('div', {class: 'row'},
      field('enr-ttl', 'Valid for (seconds)', ttl),
      field('enr-uses', 'Maximum uses', uses, '0 = unlimited until it expires.')),
    field('enr-labels', 'Labels for the collectors', labels, 'Given to every collector that enrolls with it, as key=value separated by commas.'),
    h('div', {class: 'actions'}, h('button', {type: 'submit', id: 'mint'}, 'Mint enrollment token')));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    fill(out);
    let lab;
    try { lab = parsePairs(labels.value); } catch (e) { fill(out, message('error', 'The labels are not valid: ' + e.message)); return; }
    const body = {labels: lab};
    if (ttl.value) body.ttlSeconds = Number(ttl.value);
    if (uses.value !== '') body.maxUses = Number(uses.value);
    try {
      const minted = (await request('POST', '/enrollment-tokens', {body})).data;
      const secret = h('input', {type: 'text', class: 'secret', value: minted.token, readOnly: true, id: 'enr-token'});
      fill(out,
        message('success', `Token ${minted.id} minted; it expires ${time(minted.expiresAt)}. Copy it now: it is shown only this once.`),
        ...(minted.shared ? [message('info', minted.note)] : []),
        h('div', {class: 'field'}, h('label', {for: 'enr-token'}, 'Enrollment token'), h('div', {class: 'row inline'}, secret, copyButton('Copy token', secret))));
      for (const [runtime, title] of [['otelcol', 'otelcol: supervisor.yaml for the OpAMP supervisor'], ['alloy', 'Grafana Alloy: remotecfg block']]) {
        const holder = h('div');
        out.append(h('h2', {}, title), holder);
        try {
          const text = await getText(`/bootstrap/${runtime}?token=${enc(minted.token)}`);
          const pre = h('pre', {id: 'bootstrap-' + runtime}, text);
          fill(holder, h('div', {class: 'actions'}, copyButton('Copy', pre)), pre);
        } catch (e) {
          showError(e, holder);
        }
      }
    } catch (e) {
      showError(e, out);
    }
  });
  if (!canChange()) {
    fill(main, h('h1', {}, 'Enroll collectors'), message('info', READ_ONLY + ' Minting enrollment tokens needs the operator role.'));
    return;
  }
  fill(main, h('h1', {}, 'Enroll collectors'),
    h('p', {class: 'hint'}, 'A collector enrolls once with this token and then gets its own credential, after which the token no longer authenticates it. Grafana Alloy and OpAMP agents that cannot take a credential keep the token as their only secret. For one host, keep Maximum uses at 1: the token is then bound to that collector.'),
    form, out);
  await section('Enrollment tokens', main, tokenList);
}

/** Tokens with a Revoke button that says, before it is confirmed, whom the revocation cuts off. */
async function tokenList(body) {
  const tokens = (await get('/enrollment-tokens')).items;
  if (!tokens.length) { fill(body, h('p', {class: 'hint'}, 'No enrollment tokens yet.')); return; }
  const out = h('div', {'aria-live': 'polite'});
  const rows = tokens.map(t => {
    const revoke = h('button', {type: 'button', class: 'danger', 'data-token': t.id}, 'Revoke…');
    revoke.addEventListener('click', async () => {
      try {
        const preview = (await request('DELETE', `/enrollment-tokens/${enc(t.id)}?dryRun=true`)).data;
        const cut = preview.collectorsCutOff;
        const whom = preview.collectorsCutOffCount
          ? `It cuts off ${preview.collectorsCutOffCount} collector(s) whose only secret it is, until each is given a new token: ${cut.join(', ')}${preview.collectorsCutOffCount > cut.length ? ', …' : ''}.`
          : 'No collector depends on it: collectors that enrolled with it hold their own credentials.';
        if (!window.confirm(`Revoke enrollment token ${t.id}? ${whom}`)) return;
        await request('DELETE', `/enrollment-tokens/${enc(t.id)}`);
        fill(out, message('success', `Token ${t.id} revoked.`));
        await tokenList(body);
      } catch (e) {
        showError(e, out);
      }
    });
    return h('tr', {},
      h('td', {class: 'mono'}, t.id),
      h('td', {}, t.maxUses === 1 ? 'single-use' : `shared (${t.uses} of ${t.maxUses || 'unlimited'})`),
      h('td', {}, time(t.expiresAt)),
      h('td', {}, t.revoked ? 'revoked' : (canChange() ? revoke : '')));
  });
  fill(body, h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Token'), h('th', {}, 'Uses'), h('th', {}, 'Expires'), h('th', {}, ''))),
    h('tbody', {}, ...rows)), out);
}

// ---- firewall ---------------------------------------------------------------------------------

async function firewallPage() {
  const main = view;
  document.title = 'Firewall — LinkMesh';
  const out = h('div');
  const link = (format, role, file, text) => h('a', {class: 'button secondary', href: `/api/v1/firewall?format=${format}${role ? '&role=' + role : ''}`, download: file}, text);
  fill(main, h('h1', {}, 'Firewall rules'),
    h('p', {class: 'hint'}, 'What the control plane, the collectors and the store need to reach, derived from the current configs and fleet.'),
    h('div', {class: 'actions'},
      link('nftables', 'server', 'linkmesh-server.nft', 'nftables (server)'),
      link('nftables', 'collectors', 'linkmesh-collectors.nft', 'nftables (collectors)'),
      link('iptables', 'server', 'linkmesh-server.sh', 'iptables (server)'),
      link('iptables', 'collectors', 'linkmesh-collectors.sh', 'iptables (collectors)'),
      link('k8s', null, 'linkmesh-networkpolicy.yaml', 'Kubernetes NetworkPolicy'),
      link('csv', null, 'linkmesh-firewall.csv', 'CSV')),
    out);
  try {
    const text = await getText('/firewall?format=markdown');
    const raw = h('pre', {id: 'firewall-text'}, text);
    fill(out,
      h('div', {id: 'firewall-markdown', class: 'markdown'}, markdown(text)),
      h('details', {}, h('summary', {}, 'The same as Markdown text'), h('div', {class: 'actions'}, copyButton('Copy', raw)), raw));
  } catch (e) {
    if (e instanceof ApiError && e.code === 'not_configured') fill(out, message('info', e.message));
    else throw e;
  }
}

route();
