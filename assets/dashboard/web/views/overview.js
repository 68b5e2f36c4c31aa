// Overview: how satisfied citizens were this period, day by day with the interval band; how many
// responded; at which hours of which weekdays; which departments and officers moved down most
// since the period before; and the alerts that need someone now.
import * as api from '../api.js';
import { backlogCards } from './complaints.js';
import { t, number, percent, dmy } from '../i18n.js';
import { el, filterBar, withDates, previousRange, lastYearRange, rangeDays, table, rateCell, loading, errorBox } from '../ui.js';

const weekdays = [1, 2, 3, 4, 5, 6, 7];
const heatMinimum = 10;  // responses in a cell before its colour says anything

function intervalFor(range) {
  const days = rangeDays(range);
  return days <= 62 ? 'day' : days <= 190 ? 'week' : 'month';
}

function card(label, value, note, extra = [], test) {
  return el('div', { class: 'card kpi', 'data-test': test }, el('div', { class: 'kpi-label' }, label), el('div', { class: 'kpi-value' }, value),
    note ? el('div', { class: 'muted' }, note) : null, extra);
}

const signed = (n, digits) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${number(Math.abs(n), digits)}`;

/// One line of a headline card: the change against another period (the previous one, or the same
/// one last year), in words beside the arrow: "no data" when that period had no responses, "not
/// enough responses" when either period is under the minimum (a rate), never a made-up change.
function changeLine(kind, range, now, before, rate) {
  const when = t(`overview.change_${kind}`, { from: dmy(range.from), to: dmy(range.to) });
  let text, cls = '';
  if (!before || !before.responses) {
    text = t('overview.change_no_data');
  } else if (rate && (now.suppressed || before.suppressed)) {
    text = t('overview.change_not_enough');
  } else {
    const change = rate ? now.satisfaction_rate - before.satisfaction_rate : now.responses - before.responses;
    const arrow = change > 0 ? '▲' : change < 0 ? '▼' : '=';
    text = rate ? t('overview.change_points', { change: `${arrow} ${signed(change, 1)}` }) : `${arrow} ${signed(change, 0)}`;
    if (rate) cls = change > 0 ? 'up' : change < 0 ? 'down' : '';
  }
  return el('div', { class: `change ${cls}`, 'data-test': `change-${kind}` }, `${when}: `, el('span', { class: 'change-value' }, text));
}

/// The trend of `range` for `params` (a department, or group and key for one officer). A day or a
/// week too small to show a rate draws scattered dots, not a line (issue 19): when most points of
/// the trend are under the minimum, the next longer step is asked for.
export async function fetchTrend(range, params) {
  let trend = await api.get('/api/v1/indices/trend', { ...range, ...params, interval: intervalFor(range) });
  for (const longer of { day: ['week', 'month'], week: ['month'], month: [] }[intervalFor(range)]) {
    const points = trend.series.length;
    if (!points || trend.series.filter((p) => p.suppressed).length * 2 <= points) break;
    trend = await api.get('/api/v1/indices/trend', { ...range, ...params, interval: longer });
  }
  return trend;
}

export function trendChart(series) {
  const canvas = el('canvas', { 'aria-label': t('overview.trend'), role: 'img' });
  const labels = series.map((p) => p.period);
  const rate = series.map((p) => (p.suppressed ? null : p.satisfaction_rate));
  const low = series.map((p) => (p.suppressed || !p.ci95 ? null : p.ci95[0]));
  const high = series.map((p) => (p.suppressed || !p.ci95 ? null : p.ci95[1]));
  // eslint-disable-next-line no-undef
  new Chart(canvas, {
    data: {
      labels,
      datasets: [
        { type: 'line', label: t('overview.ci_high'), data: high, borderWidth: 0, pointRadius: 0, fill: '+1', backgroundColor: 'rgba(21, 101, 192, 0.15)', yAxisID: 'rate', spanGaps: false },
        { type: 'line', label: t('overview.ci_low'), data: low, borderWidth: 0, pointRadius: 0, fill: false, yAxisID: 'rate', spanGaps: false },
        { type: 'line', label: t('overview.rate'), data: rate, borderColor: '#1565c0', backgroundColor: '#1565c0', pointRadius: 2, yAxisID: 'rate', spanGaps: false },
        { type: 'bar', label: t('overview.responses'), data: series.map((p) => p.responses), backgroundColor: 'rgba(120, 144, 156, 0.35)', yAxisID: 'count' },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: { legend: { labels: { filter: (item) => item.datasetIndex >= 2 } } },
      scales: {
        rate: { position: 'left', min: 0, max: 100, title: { display: true, text: t('overview.rate_axis') } },
        count: { position: 'right', beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: t('overview.responses') } },
      },
    },
  });
  return el('div', { class: 'chart' }, canvas);
}

/// Hour of day × weekday: the share satisfied in each cell, its shade by rate, its count shown.
function heatMap(groups) {
  const cells = new Map();
  for (const g of groups) {
    const c = cells.get(g.key) || { responses: 0, satisfied: 0 };
    c.responses += g.responses;
    c.satisfied += g.satisfied;
    cells.set(g.key, c);
  }
  const hours = [...new Set([...cells.keys()].map((k) => Number(k.split('-')[1])))];
  if (!hours.length) return el('p', { class: 'muted' }, t('common.no_data'));
  const first = Math.min(7, ...hours), last = Math.max(17, ...hours);
  const rows = [];
  for (let h = first; h <= last; h++) rows.push(h);
  const max = Math.max(...[...cells.values()].map((c) => c.responses));
  return el('div', { class: 'scroll' }, el('table', { class: 'heat' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('overview.hour')), weekdays.map((d) => el('th', { scope: 'col' }, t(`weekday.${d}`))))),
    el('tbody', {}, rows.map((h) => el('tr', {}, el('th', { scope: 'row' }, `${String(h).padStart(2, '0')}:00`),
      weekdays.map((d) => {
        const c = cells.get(`${d}-${String(h).padStart(2, '0')}`);
        if (!c || !c.responses) return el('td', { class: 'empty' }, '');
        const rate = (100 * c.satisfied) / c.responses;
        // A few ratings say nothing of an hour (issue 19): under heatMinimum the cell shows its
        // count, uncoloured.
        if (c.responses < heatMinimum)
          return el('td', { class: 'few', title: t('overview.heat_cell_few', { n: number(c.responses), min: number(heatMinimum) }) }, number(c.responses));
        const td = el('td', { title: t('overview.heat_cell', { rate: percent(rate), n: number(c.responses) }) }, number(c.responses));
        // Hue from red (60 % and below) to green (100 %); strength from the number of responses.
        const hue = Math.max(0, Math.min(120, ((rate - 60) / 40) * 120));
        td.style.backgroundColor = `hsla(${hue}, 70%, 45%, ${0.25 + 0.6 * (c.responses / max)})`;
        return td;
      }))))));
}

// The alerts by kind, each kind with its count and its first few, so that low rates are never
// buried under harassment reports (issue 19); each alert is a link to what it is about: the
// complaint case, the department's or the kiosk's page, the fleet; "all N" to the whole list.
const alertKinds = ['harassment', 'low_rate', 'kiosk_silent'];
const alertsPerKind = 5;

function alertLink(a, me) {
  if (a.kind === 'harassment') return me.role === 'analyst' ? null : `#/complaint/${encodeURIComponent(a.subject)}`;
  // A low rate of a department opens the department; one of a kiosk, like a silent kiosk, the fleet on it.
  if (a.kind === 'low_rate' && !a.id.startsWith('low_rate:kiosk:')) return `#/drill?${new URLSearchParams({ department: a.department, preset: 'last_30_days' })}`;
  return `#/fleet?${new URLSearchParams({ department: a.department, q: a.subject })}`;
}

function allOfKind(kind, department) {
  const q = (o) => new URLSearchParams(Object.entries(o).filter(([, v]) => v)).toString();
  if (kind === 'harassment') return `#/complaints?${q({ department, harassment: 'true', status: 'open' })}`;
  if (kind === 'low_rate') return `#/rankings?${q({ department, preset: 'last_30_days' })}`;
  return `#/fleet?${q({ department })}`;
}

function alertList(alerts, counts, me, department) {
  const kinds = alertKinds.filter((k) => counts[k] > 0);
  if (!kinds.length) return el('p', { class: 'muted' }, t('overview.no_alerts'));
  return el('div', { class: 'alert-kinds' }, kinds.map((kind) => {
    const mine = alerts.filter((a) => a.kind === kind);
    const shown = mine.slice(0, alertsPerKind);
    return el('div', { class: 'alert-kind', 'data-kind': kind },
      el('h3', {}, t(`alert.kind.${kind}`), ' ', el('span', { class: 'badge' }, number(counts[kind]))),
      el('ul', { class: 'alerts' }, shown.map((a) => {
        const href = alertLink(a, me);
        return el('li', { class: `alert alert-${a.kind}` }, href ? el('a', { href }, a.text) : a.text);
      })),
      counts[kind] > shown.length ? el('p', { class: 'more' }, el('a', { href: allOfKind(kind, department) }, t('overview.all_alerts', { n: number(counts[kind]) }))) : null);
  }));
}

/// The groups whose rate fell most from the period before (both periods with enough responses).
// The groups with enough responses in both periods (`compared`), and the five that fell most.
function movers(now, before) {
  const prev = new Map(before.map((g) => [`${g.department}/${g.key}`, g]));
  const compared = now
    .filter((g) => !g.suppressed && prev.get(`${g.department}/${g.key}`) && !prev.get(`${g.department}/${g.key}`).suppressed)
    .map((g) => ({ ...g, before: prev.get(`${g.department}/${g.key}`).satisfaction_rate, change: g.satisfaction_rate - prev.get(`${g.department}/${g.key}`).satisfaction_rate }));
  const fell = compared.filter((g) => g.change < 0).sort((a, b) => a.change - b.change).slice(0, 5);
  return { fell, compared: compared.length };
}

function moversTable({ fell: rows, compared }, go, state, officer) {
  // "No group fell" only when some could be compared; early in a month none has enough yet.
  if (!compared) return el('p', { class: 'muted' }, t('overview.movers_none_comparable'));
  return table([
    { label: officer ? t('col.officer') : t('col.department'), cell: (g) => el('a', { href: '#', onclick: (e) => { e.preventDefault(); go('drill', { ...state, department: g.department, officer: officer ? g.key : undefined }); } }, g.name || g.key) },
    { label: t('col.before'), class: 'n', cell: (g) => percent(g.before) },
    { label: t('col.now'), class: 'n', cell: (g) => percent(g.satisfaction_rate) },
    { label: t('col.change'), class: 'n down', cell: (g) => `${number(g.change, 1)}` },
  ], rows, { empty: t('overview.no_movers') });
}

export default async function overview({ me, org: orgP, state, go }) {
  const s = withDates(state);
  const range = { from: s.from, to: s.to };
  const prev = previousRange(range);
  const lastYear = lastYearRange(range);
  const scope = { department: s.department };
  const [trend, deps, depsBefore, depsLastYear, hours, fleet, alerts] = await Promise.all([
    fetchTrend(range, scope),
    api.get('/api/v1/indices', { ...range, ...scope, group: 'department' }),
    api.get('/api/v1/indices', { ...prev, ...scope, group: 'department' }),
    api.get('/api/v1/indices', { ...lastYear, ...scope, group: 'department' }),
    api.get('/api/v1/indices', { ...range, ...scope, group: 'hour' }),
    api.get('/api/v1/fleet', scope),
    api.get('/api/v1/alerts', { limit: 10 }),
  ]);
  // The complaint backlog (cases hold what citizens wrote: not for analysts).
  const backlog = me.role === 'analyst' ? null : await api.get('/api/v1/complaints', { ...scope, limit: 1 });
  // The comparison with the period before (the movers: two rankings of every officer, a
  // megabyte of JSON to read on a province's data) is asked for once the period's own figures
  // are on the screen, and drawn when it arrives.
  const afterPaint = new Promise((resolve) => { requestAnimationFrame(() => setTimeout(resolve, 0)); });
  const moversData = afterPaint.then(() => Promise.all([
    depsBefore,
    api.get('/api/v1/indices', { ...range, ...scope, group: 'officer' }),
    api.get('/api/v1/indices', { ...prev, ...scope, group: 'officer' }),
  ]));
  const org = await orgP;
  const total = deps.groups.reduce((a, g) => ({ responses: a.responses + g.responses, satisfied: a.satisfied + g.satisfied, complaints: a.complaints + g.complaints, flagged: a.flagged + g.flagged_excluded }), { responses: 0, satisfied: 0, complaints: 0, flagged: 0 });
  const depMovers = el('div', { class: 'card' }, el('h2', {}, t('overview.movers_departments')),
    el('p', { class: 'muted' }, t('overview.movers_hint', { from: dmy(prev.from), to: dmy(prev.to) })), loading());
  const officerMovers = el('div', { class: 'card' }, el('h2', {}, t('overview.movers_officers')), loading());
  moversData.then(([depsBefore, officers, officersBefore]) => {
    depMovers.lastChild.replaceWith(moversTable(movers(deps.groups, depsBefore.groups), go, s, false));
    officerMovers.lastChild.replaceWith(moversTable(movers(officers.groups, officersBefore.groups), go, s, true));
    depMovers.dataset.ready = officerMovers.dataset.ready = 'true';
  }, (err) => {
    depMovers.lastChild.replaceWith(errorBox(err));
    officerMovers.lastChild.replaceWith(errorBox(err));
  });
  const visibleAlerts = alerts.alerts.filter((a) => !s.department || a.department === s.department);
  // With a department chosen, its alerts are counted from the list (at most 10 of each kind asked).
  const alertCounts = s.department ? Object.fromEntries(alertKinds.map((k) => [k, visibleAlerts.filter((a) => a.kind === k).length])) : alerts.counts;
  const alertTotal = Object.values(alertCounts).reduce((a, b) => a + b, 0);
  // The departments a manager should look at first: the ten ranked lowest.
  const lowest = deps.groups.filter((g) => g.rank != null).sort((a, b) => b.rank - a.rank).slice(0, 10);
  return el('section', {},
    el('h1', {}, t('overview.title')),
    filterBar(s, org, (next) => go('overview', next)),
    el('div', { class: 'kpis' },
      card(t('overview.responses'), number(total.responses), t('overview.flagged_excluded', { n: number(total.flagged) }),
        [changeLine('previous', prev, deps.total, depsBefore.total, false), changeLine('last_year', lastYear, deps.total, depsLastYear.total, false)], 'kpi-responses'),
      card(t('overview.rate'), total.responses ? rateCell(deps.total) : '–', t('overview.period', { from: dmy(s.from), to: dmy(s.to) }),
        [changeLine('previous', prev, deps.total, depsBefore.total, true), changeLine('last_year', lastYear, deps.total, depsLastYear.total, true)], 'kpi-rate'),
      card(t('overview.complaints'), number(total.complaints)),
      card(t('overview.kiosks_online'), `${number(fleet.online)} / ${number(fleet.kiosks.length)}`),
      card(t('overview.alerts'), number(alertTotal))),
    backlog ? el('div', { class: 'card' }, el('h2', {}, t('overview.backlog')), backlogCards(backlog.summary, go, s.department)) : null,
    el('div', { class: 'grid2' },
      el('div', { class: 'card wide' }, el('h2', {}, t('overview.trend')), trendChart(trend.series)),
      el('div', { class: 'card' }, el('h2', {}, t('overview.heat')), el('p', { class: 'muted' }, t('overview.heat_hint', { min: number(heatMinimum) })), heatMap(hours.groups)),
      el('div', { class: 'card' }, el('h2', {}, t('overview.alerts')),
        alertList(visibleAlerts, alertCounts, me, s.department)),
      depMovers, officerMovers,
      el('div', { class: 'card', 'data-test': 'lowest-departments' }, el('h2', {}, t('overview.departments')),
        el('p', {}, el('a', { href: '#', onclick: (e) => { e.preventDefault(); go('rankings', s); } }, t('overview.all_rankings'))), table([
        { label: t('col.rank'), class: 'n', cell: (g) => g.rank },
        { label: t('col.department'), cell: (g) => el('a', { href: '#', onclick: (e) => { e.preventDefault(); go('drill', { ...s, department: g.key }); } }, g.name) },
        { label: t('col.responses'), class: 'n', cell: (g) => number(g.responses) },
        { label: t('col.rate'), class: 'n', cell: rateCell },
      ], lowest, { empty: t('overview.none_ranked') }))));
}
