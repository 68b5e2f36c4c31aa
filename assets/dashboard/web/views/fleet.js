// Fleet: every kiosk, online (a heartbeat in the last five minutes) or not, with its last
// heartbeat, outbox queue, app version, last error and how far its clock is from the server's.
import * as api from '../api.js';
import { t, number, dateTime } from '../i18n.js';
import { el, table } from '../ui.js';

function ago(seconds) {
  if (seconds === null) return t('fleet.never');
  if (seconds < 120) return t('fleet.seconds_ago', { n: number(seconds) });
  if (seconds < 7200) return t('fleet.minutes_ago', { n: number(Math.floor(seconds / 60)) });
  if (seconds < 172800) return t('fleet.hours_ago', { n: number(Math.floor(seconds / 3600)) });
  return t('fleet.days_ago', { n: number(Math.floor(seconds / 86400)) });
}

export default async function fleet({ org: orgP, state, go }) {
  const org = await orgP;
  const data = await api.get('/api/v1/fleet', { department: state.department });
  const depName = new Map(org.departments.map((d) => [d.code, d.name]));
  const dep = el('select', { name: 'department', onchange: () => go('fleet', { department: dep.value || undefined }) },
    org.departments.length > 1 ? el('option', { value: '' }, t('filter.all_departments')) : null,
    org.departments.map((d) => el('option', { value: d.code, selected: d.code === state.department }, `${d.name} (${d.code})`)));
  const drift = (k) => {
    if (k.clock_drift_seconds === null) return '–';
    const text = t('fleet.drift', { n: number(k.clock_drift_seconds, 1) });
    return k.clock_problem ? el('span', { class: 'bad', title: t('fleet.drift_hint') }, text) : text;
  };
  return el('section', {},
    el('h1', {}, t('fleet.title')),
    el('form', { class: 'filters', onsubmit: (e) => e.preventDefault() }, el('label', {}, t('filter.department'), ' ', dep)),
    el('p', { class: 'muted' }, t('fleet.summary', { online: number(data.online), total: number(data.kiosks.length), minutes: number(data.online_within_seconds / 60) })),
    data.clock_problems > 0 ? el('p', { class: 'bad', 'data-test': 'clock-problems' }, t('fleet.clock_problems', { n: number(data.clock_problems), minutes: number(data.max_clock_drift_seconds / 60) })) : null,
    table([
      { label: t('col.kiosk'), cell: (k) => k.kiosk_id },
      { label: t('col.department'), cell: (k) => depName.get(k.department) || k.department },
      { label: t('col.state'), cell: (k) => el('span', { class: `badge ${k.revoked ? 'muted' : k.online ? 'ok' : 'bad'}` }, t(k.revoked ? 'fleet.revoked' : k.online ? 'fleet.online' : 'fleet.offline')) },
      { label: t('col.last_heartbeat'), cell: (k) => (k.last_heartbeat ? el('span', { title: dateTime(k.last_heartbeat) }, ago(k.silent_seconds)) : t('fleet.never')) },
      { label: t('col.queue'), class: 'n', cell: (k) => (k.queue_depth === null ? '–' : el('span', { class: k.queue_depth > 100 ? 'bad' : '' }, number(k.queue_depth))) },
      { label: t('col.version'), cell: (k) => k.app_version ?? '–' },
      { label: t('col.last_error'), class: 'text', cell: (k) => (k.last_error ? el('span', { class: 'bad' }, k.last_error) : '') },
      { label: t('col.clock_drift'), class: 'n', cell: (k) => drift(k) },
    ], data.kiosks, { rowClass: (k) => (k.online || k.revoked ? '' : 'offline') }));
}
