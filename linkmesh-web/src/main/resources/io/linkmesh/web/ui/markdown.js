// A small Markdown reader for the server's own firewall report: headings, paragraphs, bullet
// lists, pipe tables, **bold** and `code`. It builds DOM nodes (never HTML strings), so the text
// cannot inject markup.
import {h} from './dom.js';

function inline(text) {
  const out = [];
  const pattern = /(\*\*[^*]+\*\*|`[^`]+`)/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    const token = m[0];
    out.push(token.startsWith('**') ? h('strong', {}, inline(token.slice(2, -2))) : h('code', {}, token.slice(1, -1)));
    last = m.index + token.length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function cells(line) {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|')) row = row.slice(0, -1);
  return row.split(/(?<!\\)\|/).map(c => c.trim().replace(/\\\|/g, '|'));
}

/** Renders markdown text into a document fragment. */
export function markdown(text) {
  const root = document.createDocumentFragment();
  const lines = text.replace(/<!--[\s\S]*?-->/g, '').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const heading = line.match(/^(#{1,4})\s+(.*)$/);
    if (heading) {
      root.append(h('h' + Math.min(heading[1].length + 1, 5), {}, inline(heading[2])));
      i++;
    } else if (line.trim().startsWith('|')) {
      const rows = [];
      while (i < lines.length && lines[i].trim().startsWith('|')) rows.push(lines[i++]);
      const head = cells(rows[0]);
      const body = rows.slice(1).filter(r => !/^\s*\|?\s*:?-{3,}/.test(r));
      root.append(h('table', {},
        h('thead', {}, h('tr', {}, head.map(c => h('th', {scope: 'col'}, inline(c))))),
        h('tbody', {}, body.map(r => h('tr', {}, cells(r).map(c => h('td', {}, inline(c))))))));
    } else if (/^\s*[-*]\s+/.test(line)) {
      const items = [];
      while (i < lines.length && /^\s*[-*]\s+/.test(lines[i])) items.push(lines[i++].replace(/^\s*[-*]\s+/, ''));
      root.append(h('ul', {}, items.map(t => h('li', {}, inline(t)))));
    } else if (line.startsWith('```')) {
      const block = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) block.push(lines[i++]);
      i++;
      root.append(h('pre', {}, block.join('\n')));
    } else {
      const para = [];
      while (i < lines.length && lines[i].trim() && !/^(#|\||\s*[-*]\s|```)/.test(lines[i])) para.push(lines[i++]);
      root.append(h('p', {}, inline(para.join(' '))));
    }
  }
  return root;
}
