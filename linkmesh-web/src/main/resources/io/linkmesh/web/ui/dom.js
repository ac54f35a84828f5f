// Small DOM helpers: elements are built with createElement and text nodes only (no innerHTML),
// so nothing the server or a collector reports can inject markup.

/** h('a', {href: '#/x', class: 'c', onclick: fn}, 'text', child, ...) */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked' || key === 'disabled' || key === 'readOnly' || key === 'hidden') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A message box: kind is error, success or info. Lines after the first become a list. */
export function message(kind, text, details) {
  return h('div', {class: 'message ' + kind, role: kind === 'error' ? 'alert' : 'status'},
    h('span', {}, text),
    details && details.length ? h('ul', {}, details.map(d => h('li', {}, d))) : null);
}

/** A labelled form field. */
export function field(id, labelText, control, hint) {
  control.id = id;
  const hintEl = hint ? h('p', {class: 'hint', id: id + '-hint'}, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', id + '-hint');
  return h('div', {class: 'field'}, h('label', {for: id}, labelText), control, hintEl);
}

/** A table with a header row; rows are arrays of cells (strings or nodes). */
export function table(caption, headers, rows, id) {
  return h('table', {id},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map(x => h('th', {scope: 'col'}, x)))),
    h('tbody', {}, rows.map(r => h('tr', {}, r.map(c => h('td', {}, c))))));
}

export function badge(kind, text) {
  return h('span', {class: 'badge ' + kind}, text);
}

/** 2026-11-26 10:00:05 in the browser's time zone, or an em dash. */
export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = n => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** "12 s ago", "5 min ago", ... */
export function ago(iso) {
  if (!iso) return '';
  const seconds = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (Number.isNaN(seconds)) return '';
  if (seconds < 60) return `${Math.max(seconds, 0)} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

export function shortHash(hash) {
  return hash ? String(hash).slice(0, 12) : '—';
}

/** "k=v, k2=v2" -> {k: 'v', k2: 'v2'}; throws Error with a plain message when malformed. */
export function parsePairs(text) {
  const out = {};
  for (const part of text.split(/[,\n]/)) {
    const item = part.trim();
    if (!item) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new Error(`"${item}" is not key=value.`);
    const key = item.slice(0, eq).trim();
    if (key in out) throw new Error(`The key "${key}" is given twice.`);
    out[key] = item.slice(eq + 1).trim();
  }
  return out;
}

export function formatPairs(map) {
  return Object.entries(map || {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** Copies text to the clipboard; falls back to selecting it. */
export async function copy(text, fallbackEl) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch (e) {
    if (fallbackEl && fallbackEl.select) fallbackEl.select();
    else if (fallbackEl) window.getSelection().selectAllChildren(fallbackEl);
    return false;
  }
}

/** A "Copy" button for the text of el (a pre or an input). */
export function copyButton(label, el) {
  const button = h('button', {type: 'button', class: 'secondary'}, label);
  button.addEventListener('click', async () => {
    const ok = await copy(el.value !== undefined ? el.value : el.textContent, el);
    button.textContent = ok ? 'Copied' : 'Selected — press Ctrl+C';
    setTimeout(() => { button.textContent = label; }, 2500);
  });
  return button;
}
