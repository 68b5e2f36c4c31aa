// Drill-down: department → officer → the ratings themselves, newest first, with what citizens
// wrote (for admins and the department's managers; analysts see the aggregates only).
import * as api from '../api.js';
import { t, tOr, number, percent, dmyTime } from '../i18n.js';
import { el, filterBar, withDates, table, rateCell, scoreCell } from '../ui.js';
import { whyCard } from './why.js';

export function ratingLabel(r) {
  return t(`rating.${r.scale}.${r.value}`);
}

function summary(g) {
  if (!g) return el('p', { class: 'muted' }, t('common.no_data'));
  return el('div', { class: 'kpis' },
    // The ratings listed below include the suspicious ones the figures leave out: say so (issue 19).
    el('div', { class: 'card kpi' }, el('div', { class: 'kpi-label' }, t('col.responses')), el('div', { class: 'kpi-value' }, number(g.responses)),
      g.flagged_excluded ? el('div', { class: 'muted flagged-note' }, t('drill.flagged_note', { n: number(g.flagged_excluded) })) : null),
    el('div', { class: 'card kpi' }, el('div', { class: 'kpi-label' }, t('col.rate_ci')), el('div', { class: 'kpi-value' }, rateCell(g))),
    el('div', { class: 'card kpi' }, el('div', { class: 'kpi-label' }, t('col.rank')), el('div', { class: 'kpi-value' }, g.rank ?? '–')),
    el('div', { class: 'card kpi' }, el('div', { class: 'kpi-label' }, t(g.officer_score ? 'col.officer_score' : 'col.agency_score')), el('div', { class: 'kpi-value' }, scoreCell(g.officer_score || g.agency_score))));
}

async function submissionsCard(me, s, go) {
  if (me.role === 'analyst') return el('div', { class: 'card' }, el('h2', {}, t('drill.submissions')), el('p', { class: 'muted' }, t('drill.analyst')));
  const offset = Number(s.offset || 0);
  // A word of the why lists the comments holding it, counted as the why counts (flagged left out).
  const data = await api.get('/api/v1/submissions', { department: s.department, officer: s.officer, from: s.from, to: s.to, limit: 50, offset,
    term: s.term, include_flagged: s.term ? 'false' : undefined });
  const rows = table([
    { label: t('col.time'), cell: (r) => dmyTime(r.created_at) },
    { label: t('col.kiosk'), cell: (r) => r.kiosk_id },
    s.officer ? null : { label: t('col.officer'), cell: (r) => r.officer ?? '–' },
    { label: t('col.rating'), cell: (r) => el('span', { class: r.satisfied ? 'ok' : 'bad' }, ratingLabel(r.rating)) },
    { label: t('col.reasons'), cell: (r) => r.reasons.map((x) => tOr(`reason.${x}`, x)).join(', ') },
    { label: t('col.comment'), class: 'text', cell: (r) => r.comment ?? '' },
    { label: t('col.contact'), cell: (r) => r.contact ?? '' },
    { label: t('col.tracking_code'), cell: (r) => (r.tracking_code ? el('a', { href: `#/complaint/${encodeURIComponent(r.tracking_code)}` }, r.tracking_code) : '') },
    { label: t('col.flags'), cell: (r) => r.flags.map((f) => el('span', { class: 'badge muted', title: t(`flag.${f}_hint`) }, t(`flag.${f}`))) },
  ].filter(Boolean), data.submissions, { rowClass: (r) => (r.harassment ? 'harassment' : ''), empty: t('drill.no_submissions') });
  const pager = el('p', { class: 'pager' },
    offset > 0 ? el('button', { type: 'button', onclick: () => go('drill', { ...s, offset: Math.max(0, offset - 50) || undefined }) }, t('common.newer')) : null,
    data.submissions.length === 50 ? el('button', { type: 'button', onclick: () => go('drill', { ...s, offset: offset + 50 }) }, t('common.older')) : null);
  const filter = s.term ? el('p', { class: 'why-filter', 'data-test': 'why-filter' },
    t('why.filtered', { term: s.term, n: number(data.total) }), ' ',
    el('button', { type: 'button', onclick: () => go('drill', { ...s, term: undefined, offset: undefined }) }, t('why.unfilter'))) : null;
  return el('div', { class: 'card', 'data-test': 'submissions' }, el('h2', {}, t('drill.submissions')), filter, rows, pager);
}

export default async function drill({ me, org: orgP, state, go }) {
  const org = await orgP;
  const s = withDates(state);
  const range = { from: s.from, to: s.to };
  const depName = new Map(org.departments.map((d) => [d.code, d.name]));
  const crumbs = [el('a', { href: '#', onclick: (e) => { e.preventDefault(); go('drill', { ...s, department: undefined, officer: undefined, offset: undefined, term: undefined }); } }, t('drill.all'))];
  const bar = filterBar(s, org, (next) => go('drill', { ...next, officer: next.department === s.department ? s.officer : undefined, offset: undefined, term: undefined }));

  if (!s.department) {
    const deps = await api.get('/api/v1/indices', { ...range, group: 'department' });
    return el('section', {}, el('h1', {}, t('drill.title')), bar,
      table([
        { label: t('col.rank'), class: 'n', cell: (g) => g.rank ?? '–', sort: (g) => g.rank ?? null },
        { label: t('col.department'), cell: (g) => el('a', { href: '#', onclick: (e) => { e.preventDefault(); go('drill', { ...s, department: g.key }); } }, g.name), sort: (g) => g.name },
        { label: t('col.responses'), class: 'n', cell: (g) => number(g.responses), sort: (g) => g.responses, firstDir: 'desc' },
        { label: t('col.rate_ci'), class: 'n', cell: rateCell, sort: (g) => (g.suppressed ? null : g.satisfaction_rate) },
        { label: t('col.complaints'), class: 'n', cell: (g) => number(g.complaints), sort: (g) => g.complaints, firstDir: 'desc' },
      ], deps.groups, { order: { column: 0, dir: 'desc' }, search: (g) => `${g.name} ${g.key}`, searchLabel: t('rankings.search_department') }));
  }

  crumbs.push(' › ', el('a', { href: '#', onclick: (e) => { e.preventDefault(); go('drill', { ...s, officer: undefined, offset: undefined, term: undefined }); } }, depName.get(s.department) || s.department));
  if (s.officer === undefined) {
    const [dep, officers] = await Promise.all([
      api.get('/api/v1/indices', { ...range, group: 'department', department: s.department }),
      api.get('/api/v1/indices', { ...range, group: 'officer', department: s.department }),
    ]);
    return el('section', {}, el('h1', {}, depName.get(s.department) || s.department), el('nav', { class: 'crumbs' }, crumbs), bar,
      summary(dep.groups[0]),
      el('p', { class: 'muted' }, t('target.legend')),
      el('div', { class: 'card' }, el('h2', {}, t('drill.officers')), table([
        { label: t('col.rank'), class: 'n', cell: (g) => g.rank ?? '–', sort: (g) => g.rank ?? null },
        { label: t('col.officer'), cell: (g) => (g.key === null ? g.name : el('a', { href: '#', onclick: (e) => { e.preventDefault(); go('drill', { ...s, officer: g.key, term: undefined }); } }, g.name)), sort: (g) => g.name },
        { label: t('col.responses'), class: 'n', cell: (g) => number(g.responses), sort: (g) => g.responses, firstDir: 'desc' },
        { label: t('col.rate_ci'), class: 'n', cell: rateCell, sort: (g) => (g.suppressed ? null : g.satisfaction_rate) },
        { label: t('col.shrunk'), class: 'n', cell: (g) => percent(g.shrunk_rate), sort: (g) => g.shrunk_rate },
        { label: t('col.officer_score'), cell: (g) => scoreCell(g.officer_score), sort: (g) => g.officer_score?.value ?? null },
        { label: t('col.complaints'), class: 'n', cell: (g) => number(g.complaints), sort: (g) => g.complaints, firstDir: 'desc' },
      ], officers.groups, { rowClass: (g) => (g.suppressed ? 'suppressed' : ''), order: { column: 0, dir: 'desc' }, search: (g) => `${g.name} ${g.key ?? ''}`, searchLabel: t('rankings.search_officer') })),
      await whyCard(me, s, go),
      await submissionsCard(me, s, go));
  }

  const officers = await api.get('/api/v1/indices', { ...range, group: 'officer', department: s.department });
  const g = officers.groups.find((x) => (x.key ?? '') === s.officer);
  const name = g?.name || org.officers.find((o) => o.code === s.officer)?.name || s.officer;
  crumbs.push(' › ', el('span', {}, name));
  return el('section', {}, el('h1', {}, name), el('nav', { class: 'crumbs' }, crumbs), bar, summary(g), await whyCard(me, s, go), await submissionsCard(me, s, go));
}
