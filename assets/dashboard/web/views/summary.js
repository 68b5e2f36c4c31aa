// The one-page summary of a month, to print and hand round a meeting: how many citizens rated, how
// satisfied they were (with the interval) against the month before, the complaint backlog (not for
// analysts), the units that did best and worst by the ranking's own order, and how many had too
// few responses to be ranked. Every figure is read from the API the other pages read; it is laid
// out for one A4 page (the print stylesheet) and says when and under which rules it was made.
import * as api from '../api.js';
import { t, number, percent } from '../i18n.js';
import { el, today, iso, rateCell } from '../ui.js';

const dmy = (ymd) => ymd.split('-').reverse().join('/');
const monthOf = (ym) => { const [y, m] = ym.split('-').map(Number); return { from: iso(new Date(Date.UTC(y, m - 1, 1))), to: iso(new Date(Date.UTC(y, m, 0))) }; };

function lastMonth(base = today()) {
  const d = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() - 1, 1));
  return iso(d).slice(0, 7);
}

// Pooled over the units: responses, satisfied and the rate (as the overview sums them).
function pooled(groups) {
  const n = groups.reduce((a, g) => a + g.responses, 0);
  const sat = groups.reduce((a, g) => a + g.satisfied, 0);
  return { n, sat, rate: n ? (100 * sat) / n : null, complaints: groups.reduce((a, g) => a + g.complaints, 0) };
}

export default async function summary({ me, org: orgP, state, go }) {
  const org = await orgP;
  const month = /^\d{4}-\d{2}$/.test(state.month || '') ? state.month : lastMonth();
  const department = state.department || undefined;
  const [y, m] = month.split('-').map(Number);
  const before = iso(new Date(Date.UTC(y, m - 2, 1))).slice(0, 7);
  const [now, prev, backlog] = await Promise.all([
    api.get('/api/v1/indices', { group: 'department', ...monthOf(month), department }),
    api.get('/api/v1/indices', { group: 'department', ...monthOf(before), department }),
    me.role === 'analyst' ? null : api.get('/api/v1/complaints', { department, limit: 1 }),
  ]);
  const total = pooled(now.groups);
  const earlier = pooled(prev.groups);
  const ranked = now.groups.filter((g) => g.rank !== null && !g.suppressed);
  const best = ranked.slice(0, 5);
  const worst = ranked.slice(-5).reverse().filter((g) => !best.includes(g));
  const tooFew = now.groups.filter((g) => g.suppressed).length;
  const change = total.rate !== null && earlier.rate !== null ? total.rate - earlier.rate : null;

  const monthInput = el('input', { type: 'month', name: 'month', value: month, onchange: () => go('summary', { month: monthInput.value, department: dep.value || undefined }) });
  const dep = el('select', { name: 'department', 'aria-label': t('filter.department'), onchange: () => go('summary', { month, department: dep.value || undefined }) },
    org.departments.length > 1 ? el('option', { value: '' }, t('filter.all_departments')) : null,
    org.departments.map((d) => el('option', { value: d.code, selected: d.code === department }, `${d.name} (${d.code})`)));
  const scopeName = department ? org.departments.find((d) => d.code === department)?.name ?? department
    : org.departments.length > 1 ? t('summary.all_units') : org.departments[0]?.name ?? '';
  const fact = (label, value, note) => el('div', { class: 'fact' }, el('div', { class: 'kpi-label' }, label), el('div', { class: 'kpi-value' }, value), note ? el('div', { class: 'muted' }, note) : null);
  const unitList = (list) => el('ol', { class: 'units' }, list.map((g) => el('li', {}, el('span', {}, g.name), ' ', rateCell(g), ' ', el('small', { class: 'muted' }, t('summary.rank', { rank: number(g.rank), n: number(g.responses) })))));

  return el('section', { class: 'print-portrait summary' },
    el('div', { class: 'no-print filters' },
      el('label', {}, t('reports.month'), ' ', monthInput), el('label', {}, t('filter.department'), ' ', dep),
      el('button', { type: 'button', class: 'primary', onclick: () => window.print() }, t('common.print'))),
    el('h1', {}, t('summary.title', { month: `${String(m).padStart(2, '0')}/${y}` })),
    el('p', { class: 'lead' }, scopeName, ' · ', t('summary.dates', { from: dmy(now.from), to: dmy(now.to) })),
    el('div', { class: 'facts' },
      fact(t('overview.responses'), number(total.n), t('summary.before', { value: number(earlier.n) })),
      fact(t('overview.rate'), percent(total.rate),
        change === null ? t('summary.no_change') : t('summary.change', { pp: `${change >= 0 ? '+' : '−'}${number(Math.abs(change), 1)}`, before: percent(earlier.rate) })),
      fact(t('overview.complaints'), number(total.complaints)),
      backlog ? fact(t('complaints.backlog_open'), number(backlog.summary.open), t('summary.overdue', { n: number(backlog.summary.overdue) })) : null),
    // One unit: its place among all units of its kind (ranks are never among a part of them);
    // several: the five best and the five worst by the ranking's order.
    now.groups.length === 1
      ? el('p', {}, now.groups[0].rank !== null ? t('summary.own_rank', { rank: number(now.groups[0].rank) }) : t('summary.none_ranked'))
      : el('div', { class: 'grid2' },
        el('div', {}, el('h2', {}, t('summary.best')), best.length ? unitList(best) : el('p', { class: 'muted' }, t('summary.none_ranked'))),
        worst.length ? el('div', {}, el('h2', {}, t('summary.worst')), unitList(worst)) : null),
    el('p', {}, t('summary.too_few', { n: number(tooFew), min: number(now.min_responses) })),
    el('p', { class: 'muted small-print' }, t('summary.how'), ' ', t('tt01q.made_at', { at: `${dmy(now.made_at.slice(0, 10))} ${now.made_at.slice(11, 16)}` })));
}
