// Complaints: the cases (every rating with a tracking code) with their state, deadline and
// overdue mark; one case with what the citizen said, its audit log and the actions a manager
// takes: assign, start, internal note, reply to the citizen, resolve or reject.
import * as api from '../api.js';
import { t, tOr, dmyTime, dmy, number } from '../i18n.js';
import { el, table, errorBox } from '../ui.js';
import { ratingLabel } from './drill.js';

const statuses = ['new', 'assigned', 'in_progress', 'resolved', 'rejected'];

function statusBadge(status) { return el('span', { class: `badge status-${status}` }, t(`status.${status}`)); }

const pageSize = 100;

// The backlog at a glance (the list's `summary`): open cases, those past their deadline (a link
// to them) and how long the open ones have waited. Shared with the overview.
export function backlogCards(summary, go, department) {
  const kpi = (label, value, onclick) => el('div', { class: 'card kpi' }, el('div', { class: 'kpi-label' }, label),
    el('div', { class: 'kpi-value' }, onclick ? el('a', { href: '#', onclick: (e) => { e.preventDefault(); onclick(); } }, number(value)) : number(value)));
  const a = summary.ageing;
  return el('div', { class: 'kpis backlog' },
    kpi(t('complaints.backlog_open'), summary.open),
    kpi(t('complaints.backlog_overdue'), summary.overdue, () => go('complaints', { department, overdue: 'true' })),
    kpi(t('complaints.backlog_days_0_7'), a.days_0_7),
    kpi(t('complaints.backlog_days_8_30'), a.days_8_30),
    kpi(t('complaints.backlog_days_over_30'), a.days_over_30));
}

// The list opens on the backlog, the longest waiting first (issue 19: worst first); "every
// status" and "newest first" are a choice away. The filters live in the page's address.
const orders = ['oldest', 'newest'];

export async function complaintList({ org: orgP, state, go }) {
  const org = await orgP;
  const page = Math.max(1, Number.parseInt(state.page, 10) || 1);
  const chosenStatus = state.status || 'open';
  const chosenOrder = orders.includes(state.order) ? state.order : 'oldest';
  const params = {
    status: chosenStatus === 'all' ? undefined : chosenStatus, department: state.department, overdue: state.overdue, harassment: state.harassment,
    order: chosenOrder, limit: pageSize, offset: (page - 1) * pageSize,
  };
  const data = await api.get('/api/v1/complaints', params);
  const filters = () => ({
    status: status.value === 'open' ? undefined : status.value, department: dep.value || undefined, overdue: overdue.checked ? 'true' : undefined,
    harassment: harassment.checked ? 'true' : undefined, order: order.value === 'oldest' ? undefined : order.value,
  });
  const change = () => go('complaints', filters());
  const turn = (to) => go('complaints', { ...filters(), page: to > 1 ? String(to) : undefined });
  const pages = Math.max(1, Math.ceil(data.total / pageSize));
  const first = data.total ? (page - 1) * pageSize + 1 : 0;
  const paging = el('p', { class: 'paging' },
    el('span', { class: 'paging-count' }, t('complaints.showing', { first: number(first), last: number(first ? first + data.complaints.length - 1 : 0), total: number(data.total) })), ' ',
    el('button', { type: 'button', disabled: page <= 1, onclick: () => turn(page - 1) }, t('common.previous_page')), ' ',
    el('span', {}, t('common.page_of', { page: number(page), pages: number(pages) })), ' ',
    el('button', { type: 'button', disabled: page >= pages, onclick: () => turn(page + 1) }, t('common.next_page')));
  const status = el('select', { name: 'status', onchange: change },
    el('option', { value: 'open', selected: chosenStatus === 'open' }, t('complaints.status_open')),
    el('option', { value: 'all', selected: chosenStatus === 'all' }, t('complaints.all_statuses')),
    statuses.map((s) => el('option', { value: s, selected: s === chosenStatus }, t(`status.${s}`))));
  const order = el('select', { name: 'order', onchange: change }, orders.map((o) => el('option', { value: o, selected: o === chosenOrder }, t(`complaints.order_${o}`))));
  const dep = el('select', { name: 'department', onchange: change }, org.departments.length > 1 ? el('option', { value: '' }, t('filter.all_departments')) : null,
    org.departments.map((d) => el('option', { value: d.code, selected: d.code === state.department }, `${d.name} (${d.code})`)));
  const overdue = el('input', { type: 'checkbox', name: 'overdue', checked: state.overdue === 'true', onchange: change });
  const harassment = el('input', { type: 'checkbox', name: 'harassment', checked: state.harassment === 'true', onchange: change });
  const depName = new Map(org.departments.map((d) => [d.code, d.name]));
  return el('section', {},
    el('h1', {}, t('complaints.title')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() },
      el('label', {}, t('col.status'), ' ', status), el('label', {}, t('filter.department'), ' ', dep), el('label', {}, t('complaints.order'), ' ', order),
      el('label', {}, overdue, ' ', t('complaints.overdue_only')), el('label', {}, harassment, ' ', t('complaints.harassment_only'))),
    backlogCards(data.summary, go, state.department),
    el('p', {}, el('a', { class: 'button', href: api.link('/api/v1/complaints', { ...params, limit: undefined, offset: undefined, format: 'csv' }), download: '' }, t('common.download_csv'))),
    paging,
    table([
      { label: t('col.tracking_code'), cell: (c) => el('a', { href: `#/complaint/${encodeURIComponent(c.tracking_code)}` }, c.tracking_code) },
      { label: t('col.status'), cell: (c) => statusBadge(c.status) },
      { label: t('col.created'), cell: (c) => dmyTime(c.created_at) },
      { label: t('col.deadline'), cell: (c) => el('span', { class: c.overdue ? 'bad' : '' }, dmy(c.deadline), c.overdue ? ` · ${t('complaints.overdue')}` : '') },
      { label: t('col.department'), cell: (c) => depName.get(c.department) || c.department },
      { label: t('col.rating'), cell: (c) => el('span', {}, ratingLabel(c.rating), c.harassment ? el('span', { class: 'badge bad' }, t('complaints.harassment')) : null) },
      { label: t('col.comment'), class: 'text', cell: (c) => c.comment ?? '' },
      { label: t('col.assignee'), cell: (c) => c.assignee ?? '–' },
    ], data.complaints, { rowClass: (c) => (c.overdue ? 'overdue' : c.harassment ? 'harassment' : ''), empty: t('complaints.none') }));
}

function describeDetail(detail) {
  return Object.entries(detail || {}).map(([field, change]) => {
    if (Array.isArray(change) && change.length === 2) {
      const show = (v) => (v === null ? '–' : field === 'status' ? t(`status.${v}`) : String(v));
      return `${tOr(`complaints.field.${field}`, field)}: ${show(change[0])} → ${show(change[1])}`;
    }
    return `${tOr(`complaints.field.${field}`, field)}: ${typeof change === 'string' ? change : JSON.stringify(change)}`;
  }).join('; ');
}

export async function complaintCase({ org: orgP, arg, go }) {
  const org = await orgP;
  const c = await api.get(`/api/v1/complaints/${encodeURIComponent(arg)}`);
  const final = c.status === 'resolved' || c.status === 'rejected';
  const problem = el('div');
  const act = async (body) => {
    problem.replaceChildren();
    try {
      await api.post(`/api/v1/complaints/${encodeURIComponent(c.tracking_code)}/actions`, { ...body, version: c.version });
      go('complaint', {}, c.tracking_code);
    } catch (err) {
      problem.append(errorBox(err.status === 409 && err.code === 'conflict' ? new Error(t('complaints.conflict')) : err));
    }
  };
  const text = el('textarea', { name: 'text', rows: 4, maxlength: 2000, 'aria-label': t('complaints.text') });
  // Whom the case may go to: the server's list of the managers and admins who may see it.
  const assignee = el('select', { name: 'assignee', 'aria-label': t('col.assignee') },
    el('option', { value: '' }, t('complaints.choose_assignee')),
    (c.assignees ?? []).map((name) => el('option', { value: name, selected: name === c.assignee }, name)));
  const button = (action, needsText) => el('button', { type: 'button', 'data-action': action, onclick: () => act(needsText === false ? { action } : { action, text: text.value.trim() || undefined }) }, t(`complaints.action.${action}`));
  const depName = new Map(org.departments.map((d) => [d.code, d.name]));
  const officer = org.officers.find((o) => o.code === c.officer);
  return el('section', {},
    el('nav', { class: 'crumbs' }, el('a', { href: '#/complaints' }, t('complaints.title')), ' › ', c.tracking_code),
    el('h1', {}, t('complaints.case', { code: c.tracking_code }), ' ', statusBadge(c.status)),
    el('div', { class: 'grid2' },
      el('div', { class: 'card' }, el('h2', {}, t('complaints.what')), el('dl', {},
        el('dt', {}, t('col.created')), el('dd', {}, dmyTime(c.created_at)),
        el('dt', {}, t('col.department')), el('dd', {}, depName.get(c.department) || c.department),
        el('dt', {}, t('col.officer')), el('dd', {}, officer ? `${officer.name} (${officer.code})` : (c.officer ?? '–')),
        el('dt', {}, t('col.kiosk')), el('dd', {}, c.kiosk_id),
        el('dt', {}, t('col.rating')), el('dd', {}, ratingLabel(c.rating), c.harassment ? el('span', { class: 'badge bad' }, t('complaints.harassment')) : null),
        el('dt', {}, t('col.reasons')), el('dd', {}, c.reasons.map((x) => tOr(`reason.${x}`, x)).join(', ') || '–'),
        el('dt', {}, t('col.comment')), el('dd', { class: 'text' }, c.comment ?? '–'),
        el('dt', {}, t('col.contact')), el('dd', {}, c.contact ?? '–'),
        el('dt', {}, t('col.dossier')), el('dd', {}, c.dossier ?? '–'))),
      el('div', { class: 'card' }, el('h2', {}, t('complaints.handling')), el('dl', {},
        el('dt', {}, t('col.status')), el('dd', {}, statusBadge(c.status)),
        el('dt', {}, t('col.assignee')), el('dd', {}, c.assignee ?? '–'),
        el('dt', {}, t('col.deadline')), el('dd', { class: c.overdue ? 'bad' : '' }, dmy(c.deadline), c.overdue ? ` · ${t('complaints.overdue')}` : ''),
        el('dt', {}, t('complaints.reply')), el('dd', { class: 'text' }, c.reply ?? t('complaints.no_reply'),
          c.replied_at ? el('small', { class: 'ci' }, t('complaints.replied_at', { at: dmyTime(c.replied_at) })) : null)),
      final ? el('p', { class: 'muted' }, t('complaints.closed')) : el('div', { class: 'actions' },
        el('label', {}, t('col.assignee'), ' ', assignee, ' ', el('button', { type: 'button', 'data-action': 'assign', onclick: () => act({ action: 'assign', assignee: assignee.value.trim() }) }, t('complaints.action.assign'))),
        c.status !== 'in_progress' ? button('start', false) : null,
        el('label', { class: 'block' }, t('complaints.text'), text),
        el('p', { class: 'muted' }, t('complaints.text_hint')),
        el('div', { class: 'buttons' }, button('note'), button('reply'), button('resolve'), button('reject'))),
      problem)),
    el('div', { class: 'card' }, el('h2', {}, t('complaints.log')), el('p', { class: 'muted' }, t('complaints.log_hint')), table([
      { label: t('col.time'), cell: (e) => dmyTime(e.at) },
      { label: t('complaints.actor'), cell: (e) => e.actor },
      { label: t('complaints.action_col'), cell: (e) => tOr(`complaints.action.${e.action}`, e.action) },
      { label: t('complaints.detail'), class: 'text', cell: (e) => describeDetail(e.detail) },
    ], c.events)));
}
