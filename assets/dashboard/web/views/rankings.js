// Rankings: every department, officer, service or kiosk of the period with its responses, rate
// and interval, the shrunk rate it is ranked by, TT 01 score and band, complaints; groups under
// the minimum of responses are marked "not enough responses" and not ranked.
import * as api from '../api.js';
import { t, number, percent, dmy } from '../i18n.js';
import { el, filterBar, withDates, table, rateCell, scoreCell } from '../ui.js';

const groups = ['department', 'officer', 'service', 'kiosk'];

export default async function rankings({ org: orgP, state, go }) {
  const org = await orgP;
  const s = withDates({ group: 'department', ...state });
  const params = { from: s.from, to: s.to, department: s.department, service: s.service, kiosk: s.kiosk, group: s.group, include_flagged: s.include_flagged };
  const data = await api.get('/api/v1/indices', params);
  const groupSelect = el('select', { name: 'group' }, groups.map((g) => el('option', { value: g, selected: g === s.group }, t(`group.${g}`))));
  groupSelect.dataset.label = t('filter.group');
  // Service and kiosk filters: those of the chosen department (a kiosk stands at one).
  const inDep = (x) => !s.department || !x.department || x.department === s.department;
  const serviceSelect = el('select', { name: 'service' }, el('option', { value: '' }, t('filter.all_services')),
    org.services.filter(inDep).map((x) => el('option', { value: x.code, selected: x.code === s.service }, `${x.name} (${x.code})`)));
  serviceSelect.dataset.label = t('filter.service');
  const kioskSelect = el('select', { name: 'kiosk' }, el('option', { value: '' }, t('filter.all_kiosks')),
    org.kiosks.filter(inDep).map((x) => el('option', { value: x.kiosk_id, selected: x.kiosk_id === s.kiosk }, x.kiosk_id)));
  kioskSelect.dataset.label = t('filter.kiosk');
  const flagged = el('input', { type: 'checkbox', name: 'include_flagged', checked: s.include_flagged === 'true' });
  flagged.dataset.label = t('filter.include_flagged');
  const depName = new Map(org.departments.map((d) => [d.code, d.name]));
  const open = (g) => {
    if (s.group === 'department') go('drill', { ...s, group: undefined, department: g.key });
    else if (s.group === 'officer') go('drill', { ...s, group: undefined, department: g.department, officer: g.key });
  };
  const linkable = s.group === 'department' || (s.group === 'officer');
  const score = (g) => (g.officer_score || g.agency_score)?.value ?? null;
  const columns = [
    { label: t('col.rank'), class: 'n', cell: (g) => g.rank ?? '–', sort: (g) => g.rank ?? null },
    { label: t(`group.${s.group}`), cell: (g) => (linkable && g.key !== null ? el('a', { href: '#', onclick: (e) => { e.preventDefault(); open(g); } }, g.name) : g.name), sort: (g) => g.name },
    s.group !== 'department' ? { label: t('col.department'), cell: (g) => depName.get(g.department) || g.department, sort: (g) => depName.get(g.department) || g.department } : null,
    { label: t('col.responses'), class: 'n', cell: (g) => number(g.responses), sort: (g) => g.responses, firstDir: 'desc' },
    { label: t('col.rate_ci'), class: 'n', cell: rateCell, sort: (g) => (g.suppressed ? null : g.satisfaction_rate) },
    { label: t('col.shrunk'), class: 'n', cell: (g) => percent(g.shrunk_rate), sort: (g) => g.shrunk_rate },
    s.group === 'officer' || s.group === 'department' ? { label: t(s.group === 'officer' ? 'col.officer_score' : 'col.agency_score'), cell: (g) => scoreCell(g.officer_score || g.agency_score), sort: score } : null,
    { label: t('col.complaints'), class: 'n', cell: (g) => number(g.complaints), sort: (g) => g.complaints, firstDir: 'desc' },
    { label: t('col.flagged'), class: 'n', cell: (g) => number(g.flagged_excluded), sort: (g) => g.flagged_excluded, firstDir: 'desc' },
  ].filter(Boolean);
  return el('section', {},
    el('h1', {}, t('rankings.title')),
    filterBar(s, org, (next) => go('rankings', next), { extra: [groupSelect, serviceSelect, kioskSelect, flagged] }),
    el('p', { class: 'muted' }, t('rankings.hint', { min: data.min_responses, prior: data.prior_weight })),
    el('p', { class: 'muted', 'data-test': 'evidence-legend' }, t('target.legend')),
    s.service || s.kiosk ? el('p', { class: 'muted' }, t('rankings.filtered_hint')) : null,
    el('p', {}, el('a', { class: 'button', href: api.link('/api/v1/indices', { ...params, format: 'csv' }), download: '' }, t('common.download_csv'))),
    // Worst first (issue 19): the lowest rank at the top, the groups without enough responses to
    // rank after them; a press on "Hạng" turns it round.
    table(columns, data.groups, { rowClass: (g) => (g.suppressed ? 'suppressed' : ''), caption: t('rankings.caption', { from: dmy(s.from), to: dmy(s.to) }),
      order: { column: 0, dir: 'desc' }, search: (g) => `${g.name} ${g.key ?? ''} ${depName.get(g.department) || ''}`, searchLabel: t(`rankings.search_${s.group}`) }));
}
