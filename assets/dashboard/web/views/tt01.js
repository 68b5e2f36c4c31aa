// The quarterly TT 01 table (Thông tư 01/2018, its nine indices): one row per unit, in the layout
// offices report in. Beside each index its standard points (2 each, 18 in all) and the points the
// unit reached; then the total, the number of forms and the band. The figures are those of
// GET /api/v1/indices?group=department for the quarter (docs/indices.md), so this table says what
// the rankings say. Printed on A4 landscape (the print stylesheet), without the page's controls.
import * as api from '../api.js';
import { t, number } from '../i18n.js';
import { el, today } from '../ui.js';

// The nine indices in the order of TT 01 (codes as the API names them).
export const tt01Order = ['time', 'agency_time', 'contacts', 'agencies', 'disclosure', 'fees', 'attitude', 'feedback', 'online'];
const standardPoints = 2;

// "2026-Q3" for the quarter before the one `base` falls in: offices report on a finished quarter.
export function lastQuarter(base = today()) {
  const q = Math.floor(base.getUTCMonth() / 3);  // 0..3, the current quarter
  return q === 0 ? `${base.getUTCFullYear() - 1}-Q4` : `${base.getUTCFullYear()}-Q${q}`;
}

function quarterOptions(base = today()) {
  const out = [];
  for (let y = base.getUTCFullYear(); y >= base.getUTCFullYear() - 2; --y)
    for (let q = 4; q >= 1; --q) if (y < base.getUTCFullYear() || q <= Math.floor(base.getUTCMonth() / 3) + 1) out.push(`${y}-Q${q}`);
  return out;
}

const quarterLabel = (p) => { const [y, q] = p.split('-Q'); return t('tt01q.quarter', { q, year: y }); };

// The points a unit reached on one index: its mean (0 to 2), or why there is none.
function pointsCell(figure, suppressed) {
  if (!figure) return el('td', { class: 'num muted', title: t('tt01q.no_data') }, '–');
  if (suppressed || figure.mean === null) return el('td', { class: 'num muted', title: t('tt01q.forms', { n: number(figure.n) }) }, '…');
  return el('td', { class: 'num', title: t('tt01q.forms', { n: number(figure.n) }) }, number(figure.mean, 1));
}

function totalCell(score) {
  if (!score || score.suppressed) return el('td', { class: 'num muted' }, t('tt01q.too_few'));
  if (score.value === null) return el('td', { class: 'num muted' }, '–');
  if (score.partial)
    return el('td', { class: 'num' }, `${number(score.value, 1)} / ${number(score.out_of)}`,
      el('small', { class: 'ci' }, t('tt01q.partial', { missing: score.missing.map((m) => tt01Order.indexOf(m) + 1).join(', ') })));
  return el('td', { class: 'num' }, number(score.value, 1));
}

export default async function tt01Table({ org: orgP, state, go }) {
  const org = await orgP;
  const period = /^\d{4}-Q[1-4]$/.test(state.period || '') ? state.period : lastQuarter();
  const department = state.department || undefined;
  const data = await api.get('/api/v1/indices', { group: 'department', period, department });
  const groups = [...data.groups].sort((a, b) => a.name.localeCompare(b.name, 'vi'));

  const quarter = el('select', { name: 'period', 'aria-label': t('tt01q.choose_quarter'), onchange: () => go('tt01', { period: quarter.value, department: dep.value || undefined }) },
    quarterOptions().map((p) => el('option', { value: p, selected: p === period }, quarterLabel(p))));
  const dep = el('select', { name: 'department', 'aria-label': t('filter.department'), onchange: () => go('tt01', { period, department: dep.value || undefined }) },
    org.departments.length > 1 ? el('option', { value: '' }, t('filter.all_departments')) : null,
    org.departments.map((d) => el('option', { value: d.code, selected: d.code === department }, `${d.name} (${d.code})`)));

  const head = el('thead', {},
    el('tr', {},
      el('th', { scope: 'col', rowspan: 2 }, t('tt01q.no')),
      el('th', { scope: 'col', rowspan: 2 }, t('tt01q.unit')),
      tt01Order.map((code, i) => el('th', { scope: 'col', class: 'num', title: t(`tt01.${code}`) }, t('tt01q.index', { n: i + 1 }))),
      el('th', { scope: 'col', class: 'num' }, t('tt01q.total')),
      el('th', { scope: 'col', class: 'num', rowspan: 2 }, t('tt01q.forms_col')),
      el('th', { scope: 'col', rowspan: 2 }, t('tt01q.band'))),
    el('tr', { class: 'standard' },
      tt01Order.map(() => el('th', { scope: 'col', class: 'num' }, number(standardPoints))),
      el('th', { scope: 'col', class: 'num' }, number(standardPoints * tt01Order.length))));
  const body = el('tbody', {}, groups.map((g, i) => el('tr', { 'data-unit': g.key },
    el('td', { class: 'num' }, number(i + 1)),
    el('th', { scope: 'row' }, g.name),
    tt01Order.map((code) => pointsCell(g.tt01[code], g.suppressed)),
    totalCell(g.agency_score),
    el('td', { class: 'num' }, number(g.responses)),
    el('td', {}, g.agency_score?.band && !g.agency_score.partial ? el('span', { class: `band band-${g.agency_score.band}` }, t(`band.${g.agency_score.band}`)) : '–'))));

  return el('section', { class: 'print-landscape' },
    el('div', { class: 'no-print filters' },
      el('label', {}, t('tt01q.choose_quarter'), ' ', quarter), el('label', {}, t('filter.department'), ' ', dep),
      el('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('common.print'))),
    el('h1', {}, t('tt01q.title', { quarter: quarterLabel(period) })),
    el('p', { class: 'muted' }, t('tt01q.subtitle', { from: data.from.split('-').reverse().join('/'), to: data.to.split('-').reverse().join('/') })),
    groups.length === 0 ? el('p', { class: 'muted' }, t('common.none'))
      : el('div', { class: 'scroll' }, el('table', { class: 'tt01-table' }, head, body)),
    el('ul', { class: 'legend muted' }, tt01Order.map((code) => el('li', {}, t(`tt01.${code}`)))),
    el('p', { class: 'muted' }, t('tt01q.how', { min: number(data.min_responses) })),
    el('p', { class: 'muted' }, t('tt01q.made_at', { at: data.made_at.slice(0, 10).split('-').reverse().join('/') + ' ' + data.made_at.slice(11, 16) })));
}
