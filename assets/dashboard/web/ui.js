// Small DOM helpers and the period and department filters every view shares.
import { t, number, percent } from './i18n.js';

/// el('td', {class: 'n'}, 'text', child...): an element; attributes starting with "on" are listeners.
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}

export function clear(e) { while (e.firstChild) e.firstChild.remove(); return e; }

export function errorBox(err) {
  return el('p', { class: 'error', role: 'alert' }, err?.message || String(err));
}

export function loading() { return el('p', { class: 'muted' }, t('common.loading')); }

/// Text folded for searching: lower case, without diacritics, đ as d, so that "so cong thuong"
/// finds "Sở Công Thương" (people type on phones without the Vietnamese keyboard).
export function fold(text) {
  return String(text ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}

// Sorting a column: numbers before nothing, whatever the direction; text in the page's language.
function compareValues(a, b, dir, collator) {
  const none = (v) => v === null || v === undefined || v === '' || (typeof v === 'number' && Number.isNaN(v));
  if (none(a) || none(b)) return none(a) - none(b);
  const c = typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
  return dir === 'desc' ? -c : c;
}

/// A table: columns [{label, cell(row) -> node|text, class, sort(row) -> number|text|null}], rows;
/// `empty` when no rows. A column with `sort` has a button in its heading that sorts by it (a
/// second press turns the order round; rows without a value stay last either way); `order`
/// ({column: index, dir: 'asc'|'desc'}) is the order it opens in: worst first, as a manager reads
/// it. `search(row) -> text` adds a search box that keeps the rows whose text holds every word
/// typed (without regard to case or diacritics), with the count of rows shown; `query` is typed in
/// it to begin with (a link to one kiosk). On a phone each row
/// is a card: every cell under its column's name (the class `cards`, the labels in data-label).
export function table(columns, rows, { empty = t('common.none'), rowClass, caption, order, search, searchLabel, query = '', cards = true, pageSize } = {}) {
  if (!rows.length) return el('p', { class: 'muted' }, empty);
  const collator = new Intl.Collator(document.documentElement.lang || 'vi', { numeric: true, sensitivity: 'base' });
  let sortBy = order ? { ...order } : null;
  let words = fold(query).split(/\s+/).filter(Boolean);
  const texts = search ? rows.map((r) => fold(search(r))) : null;
  const tbody = el('tbody');
  const count = search ? el('span', { class: 'muted table-count', 'aria-live': 'polite' }) : null;
  // pageSize: at most that many rows at once (a phone's cards would run on for screens), with the
  // page turned by two buttons; a search or a sort starts again at the first page.
  let page = 1;
  const pager = pageSize && rows.length > pageSize ? el('p', { class: 'pager table-pager' }) : null;
  const heads = columns.map((c, i) => {
    const th = el('th', { class: c.class, scope: 'col' });
    th.append(c.sort ? el('button', { type: 'button', class: 'sort', onclick: () => {
      sortBy = sortBy?.column === i ? { column: i, dir: sortBy.dir === 'asc' ? 'desc' : 'asc' } : { column: i, dir: c.firstDir || 'asc' };
      page = 1;
      draw();
    } }, c.label, el('span', { class: 'sort-mark', 'aria-hidden': 'true' })) : c.label);
    return th;
  });
  // On a phone the headings are hidden (each card names its cells): the order is chosen from one
  // list instead, each sortable column in both directions, with the marks the headings use.
  const sortable = columns.map((c, i) => (c.sort && typeof c.label === 'string' ? i : -1)).filter((i) => i >= 0);
  const sortChoice = cards && sortable.length ? el('select', { class: 'sort-choice', 'aria-label': t('table.sort_by'), onchange: (e) => {
    const [column, dir] = e.target.value.split(':');
    sortBy = column === '' ? (order ? { ...order } : null) : { column: Number(column), dir };
    page = 1;
    draw();
  } }, order ? null : el('option', { value: ':' }, t('table.sort_none')),
  sortable.flatMap((i) => ['asc', 'desc'].map((dir) => el('option', { value: `${i}:${dir}` }, `${columns[i].label} ${dir === 'asc' ? '▲' : '▼'}`)))) : null;
  function draw() {
    let shown = rows.map((r, i) => i);
    if (words.length) shown = shown.filter((i) => words.every((w) => texts[i].includes(w)));
    if (sortBy) {
      const key = columns[sortBy.column].sort;
      const values = rows.map(key);
      shown.sort((a, b) => compareValues(values[a], values[b], sortBy.dir, collator) || a - b);
    }
    heads.forEach((th, i) => {
      const on = sortBy?.column === i;
      if (columns[i].sort) th.setAttribute('aria-sort', on ? (sortBy.dir === 'asc' ? 'ascending' : 'descending') : 'none');
      const mark = th.querySelector('.sort-mark');
      if (mark) mark.textContent = on ? (sortBy.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕';
    });
    if (sortChoice) sortChoice.value = sortBy ? `${sortBy.column}:${sortBy.dir}` : ':';
    const matching = shown.length;
    if (pager) {
      const pages = Math.max(1, Math.ceil(matching / pageSize));
      page = Math.min(page, pages);
      shown = shown.slice((page - 1) * pageSize, page * pageSize);
      const turn = (to) => { page = to; draw(); };
      clear(pager).append(
        el('button', { type: 'button', class: 'page-previous', disabled: page <= 1, onclick: () => turn(page - 1) }, t('common.previous_page')), ' ',
        el('span', { class: 'page-of' }, t('common.page_of', { page: number(page), pages: number(pages) })), ' ',
        el('button', { type: 'button', class: 'page-next', disabled: page >= pages, onclick: () => turn(page + 1) }, t('common.next_page')));
    }
    clear(tbody).append(...shown.map((i) => el('tr', { class: rowClass?.(rows[i]) },
      columns.map((c) => el('td', { class: c.class, 'data-label': typeof c.label === 'string' ? c.label : undefined }, c.cell(rows[i]))))));
    if (count) count.textContent = t('table.count', { shown: number(matching), total: number(rows.length) });
  }
  draw();
  const box = search ? el('input', { type: 'search', class: 'table-search', 'aria-label': searchLabel || t('table.search'), placeholder: searchLabel || t('table.search'),
    value: query || undefined, oninput: (e) => { words = fold(e.target.value).split(/\s+/).filter(Boolean); page = 1; draw(); } }) : null;
  return el('div', { class: 'table-block' },
    search || sortChoice ? el('div', { class: 'table-tools' }, box, sortChoice && el('label', { class: 'table-sort' }, t('table.sort_label'), ' ', sortChoice), count) : null,
    el('div', { class: 'scroll' }, el('table', { class: cards ? 'cards' : undefined },
      caption ? el('caption', {}, caption) : null,
      el('thead', {}, el('tr', {}, heads)),
      tbody)),
    pager);
}

// --- periods ---------------------------------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');
export const iso = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/// Today in Asia/Ho_Chi_Minh as a UTC-midnight Date.
export function today() {
  const now = new Date(Date.now() + 7 * 3600 * 1000);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

const addDays = (d, n) => new Date(d.getTime() + n * 86400000);

/// The dates of a preset: this_month, last_month, this_quarter, this_year, last_30_days. A period
/// that is still running ends today, so that charts do not run on into days with no data yet.
export function presetRange(preset, base = today()) {
  const y = base.getUTCFullYear(), m = base.getUTCMonth();
  const upToToday = (from, end) => ({ from: iso(from), to: iso(end < base ? end : base) });
  switch (preset) {
    case 'last_month': return { from: iso(new Date(Date.UTC(y, m - 1, 1))), to: iso(new Date(Date.UTC(y, m, 0))) };
    case 'this_quarter': { const q = Math.floor(m / 3) * 3; return upToToday(new Date(Date.UTC(y, q, 1)), new Date(Date.UTC(y, q + 3, 0))); }
    case 'this_year': return upToToday(new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y, 11, 31)));
    case 'last_30_days': return { from: iso(addDays(base, -29)), to: iso(base) };
    default: return upToToday(new Date(Date.UTC(y, m, 1)), new Date(Date.UTC(y, m + 1, 0)));
  }
}

const parseIso = (s) => { const [y, m, d] = s.split('-').map(Number); return new Date(Date.UTC(y, m - 1, d)); };

/// The same number of days just before [from, to].
/// The period to compare with. Calendar months compare with calendar months (issue 19): November
/// with October (not 2–31 October), a quarter with the quarter before, 1–7 December with 1–7
/// November (the day clipped to the shorter month); any other range with as many days just before.
export function previousRange({ from, to }) {
  const f = parseIso(from), tt = parseIso(to);
  if (f.getUTCDate() === 1) {
    const months = (tt.getUTCFullYear() - f.getUTCFullYear()) * 12 + tt.getUTCMonth() - f.getUTCMonth() + 1;
    const start = new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() - months, 1));
    const lastOfMonth = (y, m) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    const endMonth = new Date(Date.UTC(tt.getUTCFullYear(), tt.getUTCMonth() - months, 1));
    const wholeMonths = tt.getUTCDate() === lastOfMonth(tt.getUTCFullYear(), tt.getUTCMonth());
    const endDay = wholeMonths ? lastOfMonth(endMonth.getUTCFullYear(), endMonth.getUTCMonth())
      : Math.min(tt.getUTCDate(), lastOfMonth(endMonth.getUTCFullYear(), endMonth.getUTCMonth()));
    return { from: iso(start), to: iso(new Date(Date.UTC(endMonth.getUTCFullYear(), endMonth.getUTCMonth(), endDay))) };
  }
  const days = Math.round((tt - f) / 86400000) + 1;
  return { from: iso(addDays(f, -days)), to: iso(addDays(f, -1)) };
}

/// The same dates a year earlier (issue 19, "last year"): 29 February becomes the 28th.
export function lastYearRange({ from, to }) {
  const back = (text) => {
    const [y, m, d] = text.split('-').map(Number);
    const last = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
    return iso(new Date(Date.UTC(y - 1, m - 1, Math.min(d, last))));
  };
  return { from: back(from), to: back(to) };
}

export function rangeDays({ from, to }) { return Math.round((parseIso(to) - parseIso(from)) / 86400000) + 1; }

export const presets = ['this_month', 'last_month', 'this_quarter', 'this_year', 'last_30_days', 'custom'];

/// The filter bar: period preset (or custom dates), department and any `extra` controls. State
/// lives in the page address (state object of the route); `onchange(state)` is called with the
/// new state when the person changes a control.
export function filterBar(state, org, onchange, { department = true, extra = [] } = {}) {
  const preset = el('select', { name: 'preset', 'aria-label': t('filter.period') },
    presets.map((p) => el('option', { value: p, selected: p === (state.preset || 'this_month') }, t(`filter.${p}`))));
  const from = el('input', { type: 'date', name: 'from', value: state.from, 'aria-label': t('filter.from') });
  const to = el('input', { type: 'date', name: 'to', value: state.to, 'aria-label': t('filter.to') });
  const custom = el('span', { class: 'custom' }, from, '–', to);
  custom.hidden = (state.preset || 'this_month') !== 'custom';
  const changed = () => {
    const next = { ...state, preset: preset.value };
    if (preset.value === 'custom') { next.from = from.value; next.to = to.value; } else Object.assign(next, presetRange(preset.value));
    if (dep) next.department = dep.value || undefined;
    for (const x of extra) next[x.name] = x.type === 'checkbox' ? (x.checked ? 'true' : undefined) : (x.value || undefined);
    onchange(next);
  };
  preset.addEventListener('change', () => { custom.hidden = preset.value !== 'custom'; if (preset.value !== 'custom') changed(); });
  from.addEventListener('change', changed);
  to.addEventListener('change', changed);
  let dep = null;
  if (department) {
    dep = el('select', { name: 'department', 'aria-label': t('filter.department'), onchange: changed },
      org.departments.length > 1 ? el('option', { value: '' }, t('filter.all_departments')) : null,
      org.departments.map((d) => el('option', { value: d.code, selected: d.code === state.department }, `${d.name} (${d.code})`)));
  }
  for (const x of extra) x.addEventListener('change', changed);
  return el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
    el('label', {}, t('filter.period'), ' ', preset), custom, dep ? el('label', {}, t('filter.department'), ' ', dep) : null,
    extra.map((x) => el('label', {}, x.dataset.label, ' ', x)));
}

/// The state's dates, filled from its preset when it has none.
export function withDates(state) {
  if (state.from && state.to) return state;
  return { ...state, ...presetRange(state.preset || 'this_month') };
}

/// "85.8 %" with the interval under it, or the "not enough responses" mark for a suppressed group.
/// A group the API measured against its target (target_status) also gets the evidence's colour
/// and, beside it, a symbol and a word (never the colour alone): met when the interval's lower
/// bound is at or above the target, missed when its upper bound is below, uncertain otherwise.
export function rateCell(g) {
  if (g.suppressed) return el('span', { class: 'badge muted', title: t('rank.suppressed_hint') }, t('rank.suppressed', { n: number(g.responses) }));
  return el('span', {}, percent(g.satisfaction_rate),
    g.ci95 ? el('small', { class: 'ci' }, ` ${percent(g.ci95[0])}–${percent(g.ci95[1])}`) : null,
    evidenceBadge(g));
}

const evidenceSymbol = { met: '✓', missed: '✗', uncertain: '≈' };

/// The badge of a group's standing against its target, or null when the API gave none.
export function evidenceBadge(g) {
  const status = g?.target_status;
  if (!evidenceSymbol[status] || g.target === undefined || g.target === null) return null;
  const target = percent(g.target);
  return el('span', { class: `badge evidence evidence-${status}`, 'data-evidence': status, title: t(`target.${status}_hint`, { target }) },
    el('span', { 'aria-hidden': 'true' }, `${evidenceSymbol[status]} `), t(`target.${status}`, { target }));
}

// A TT 01 score with what it rests on (methodology.md §5): "not enough responses" for a
// suppressed group, "5,3 / 8" for a partial one, the band only when complete.
export function scoreCell(score) {
  if (!score || (score.value == null && !score.suppressed)) return '–';
  const rests = t('rank.score_rests_on', { n: number(score.n) });
  if (score.suppressed) return el('span', { class: 'badge muted', title: t('rank.suppressed_hint') }, t('rank.score_suppressed'));
  const value = number(score.value, 1);
  if (score.partial) {
    return el('span', { title: `${t('rank.partial_hint', { missing: score.missing.map((m) => t(`tt01.${m}`)).join(', ') })} ${rests}` },
      `${value} / ${number(score.out_of)}`, ' ', el('small', { class: 'muted' }, t('rank.partial')));
  }
  return el('span', { title: rests }, value, ' ', el('span', { class: `band band-${score.band}` }, t(`band.${score.band}`)));
}
