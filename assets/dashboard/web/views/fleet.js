// Fleet: every kiosk, online (a heartbeat in the last five minutes) or not, with its last
// heartbeat, outbox queue, app version, last error and how far its clock is from the server's.
import * as api from '../api.js';
import { t, tOr, number, dmyTime } from '../i18n.js';
import { el, table } from '../ui.js';

function ago(seconds) {
  if (seconds === null) return t('fleet.never');
  if (seconds < 120) return t('fleet.seconds_ago', { n: number(seconds) });
  if (seconds < 7200) return t('fleet.minutes_ago', { n: number(Math.floor(seconds / 60)) });
  if (seconds < 172800) return t('fleet.hours_ago', { n: number(Math.floor(seconds / 3600)) });
  return t('fleet.days_ago', { n: number(Math.floor(seconds / 86400)) });
}

// The kiosk's own words for its last error are "<kind>: <detail>" (kiosk/core/src/uploader.cpp's
// SyncError names): the kind in the reader's language, the detail as the kiosk wrote it.
function errorText(text) {
  const m = /^([a-z_]+): ?([\s\S]*)$/.exec(text);
  const kind = m ? tOr(`fleet.error.${m[1]}`, null) : null;
  return kind ? (m[2] ? `${kind}: ${m[2]}` : kind) : text;
}

// Kiosks in trouble first (issue 19): those not heard from, the longest silent first; then those
// that answer but report an error, a long queue or a clock off; then the well; the revoked last.
function trouble(k) {
  if (k.revoked) return 3e12;
  if (!k.online) return -(k.silent_seconds ?? 1e11);
  return k.last_error || k.queue_depth > 100 || k.clock_problem ? 1e12 : 2e12;
}

export default async function fleet({ org: orgP, state, go }) {
  const org = await orgP;
  const data = await api.get('/api/v1/fleet', { department: state.department });
  const depName = new Map(org.departments.map((d) => [d.code, d.name]));
  const dep = el('select', { name: 'department', onchange: () => go('fleet', { department: dep.value || undefined, q: state.q }) },
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
      { label: t('col.kiosk'), cell: (k) => k.kiosk_id, sort: (k) => k.kiosk_id },
      { label: t('col.department'), cell: (k) => depName.get(k.department) || k.department, sort: (k) => depName.get(k.department) || k.department },
      { label: t('col.state'), cell: (k) => el('span', { class: `badge ${k.revoked ? 'muted' : k.online ? 'ok' : 'bad'}` }, t(k.revoked ? 'fleet.revoked' : k.online ? 'fleet.online' : 'fleet.offline')),
        sort: trouble },
      // Silent longest first; never heard from before all; a revoked kiosk, silent on purpose, last.
      { label: t('col.last_heartbeat'), cell: (k) => (k.last_heartbeat ? el('span', { title: dmyTime(k.last_heartbeat) }, ago(k.silent_seconds)) : t('fleet.never')),
        sort: (k) => (k.revoked ? null : k.silent_seconds ?? Number.MAX_SAFE_INTEGER), firstDir: 'desc' },
      { label: t('col.queue'), class: 'n', cell: (k) => (k.queue_depth === null ? '–' : el('span', { class: k.queue_depth > 100 ? 'bad' : '' }, number(k.queue_depth))), sort: (k) => k.queue_depth, firstDir: 'desc' },
      { label: t('col.version'), cell: (k) => k.app_version ?? '–', sort: (k) => k.app_version },
      { label: t('col.last_error'), class: 'text', cell: (k) => (k.last_error ? el('span', { class: 'bad', title: k.last_error }, errorText(k.last_error)) : ''), sort: (k) => k.last_error },
      { label: t('col.clock_drift'), class: 'n', cell: (k) => drift(k), sort: (k) => (k.clock_drift_seconds === null ? null : Math.abs(k.clock_drift_seconds)), firstDir: 'desc' },
    ], data.kiosks, { rowClass: (k) => (k.online || k.revoked ? '' : 'offline'), order: { column: 2, dir: 'asc' },
      search: (k) => `${k.kiosk_id} ${depName.get(k.department) || ''} ${k.department} ${k.app_version ?? ''} ${k.last_error ?? ''}`, searchLabel: t('fleet.search'), query: state.q }));
}
