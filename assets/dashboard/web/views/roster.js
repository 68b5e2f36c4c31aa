// Roster: who was on duty at which kiosk when (the officers' sign-ins and sign-outs at the
// counter, docs/api.md "Duty events"), newest first, with the log of corrections. An administrator
// corrects an entry here: voids it, adds the right one, or both, always with a reason; the ratings
// it concerns then count for the right officer.
import * as api from '../api.js';
import { t, number, dmyTime } from '../i18n.js';
import { el, table, iso, today } from '../ui.js';

const addDays = (d, n) => new Date(d.getTime() + n * 86400000);

// "2026-12-07T07:30" from a datetime-local input as RFC 3339 in Vietnam's time.
const localToRfc3339 = (value) => `${value}:00+07:00`;

export default async function roster({ me, org: orgP, state, go }) {
  const org = await orgP;
  const from = state.from || iso(addDays(today(), -6));
  const to = state.to || iso(today());
  const data = await api.get('/api/v1/roster', { kiosk: state.kiosk, from, to });
  const officerName = new Map(org.officers.map((o) => [o.code, o.name]));
  const who = (code) => (code ? `${officerName.get(code) || code} (${code})` : '–');

  const kiosk = el('select', { name: 'kiosk' },
    el('option', { value: '' }, t('filter.all_kiosks')),
    org.kiosks.map((k) => el('option', { value: k.kiosk_id, selected: k.kiosk_id === state.kiosk }, k.kiosk_id)));
  const fromInput = el('input', { type: 'date', name: 'from', value: from });
  const toInput = el('input', { type: 'date', name: 'to', value: to });
  const filters = el('form', { class: 'filters', onsubmit: (e) => {
    e.preventDefault();
    go('roster', { kiosk: kiosk.value || undefined, from: fromInput.value, to: toInput.value });
  } },
  el('label', {}, t('col.kiosk'), ' ', kiosk), el('label', {}, t('filter.from'), ' ', fromInput),
  el('label', {}, t('filter.to'), ' ', toInput), el('button', { type: 'submit' }, t('roster.show')));

  // The correction form (administrators): filled by "Sửa" on a row, or empty to add an entry.
  let form = null;
  const status = el('p', { class: 'error', role: 'alert' });
  const fields = {
    kiosk: el('select', { name: 'fix_kiosk', required: true }, org.kiosks.map((k) => el('option', { value: k.kiosk_id }, k.kiosk_id))),
    voided: el('input', { name: 'fix_void', readonly: true, placeholder: t('roster.nothing_voided') }),
    event: el('select', { name: 'fix_event' },
      el('option', { value: '' }, t('roster.add_nothing')),
      el('option', { value: 'sign_in' }, t('roster.event.sign_in')),
      el('option', { value: 'sign_out' }, t('roster.event.sign_out'))),
    officer: el('select', { name: 'fix_officer' }, el('option', { value: '' }, '–'),
      org.officers.map((o) => el('option', { value: o.code }, `${o.name} (${o.code})`))),
    at: el('input', { type: 'datetime-local', name: 'fix_at', step: 60 }),
    reason: el('input', { name: 'fix_reason', required: true, maxlength: 500, placeholder: t('roster.reason_hint') }),
  };
  const startFix = (entry) => {
    fields.kiosk.value = entry.kiosk;
    fields.voided.value = entry.id;
    fields.event.value = entry.event;
    fields.officer.value = entry.officer || '';
    fields.at.value = entry.at.slice(0, 16);
    status.textContent = '';
    form.scrollIntoView({ block: 'nearest' });
    fields.officer.focus();
  };
  if (me.role === 'admin') {
    form = el('form', { class: 'card', 'data-test': 'roster-fix', onsubmit: async (e) => {
      e.preventDefault();
      status.textContent = '';
      const body = { kiosk: fields.kiosk.value, reason: fields.reason.value.trim() };
      if (fields.voided.value) body.void = fields.voided.value;
      if (fields.event.value) {
        if (!fields.at.value) { status.textContent = t('roster.at_needed'); return; }
        body.add = { event: fields.event.value, at: localToRfc3339(fields.at.value) };
        if (fields.event.value === 'sign_in') body.add.officer = fields.officer.value;
      }
      try {
        await api.post('/api/v1/roster/corrections', body);
        go('roster', state);
      } catch (err) {
        status.textContent = err.message;
      }
    } },
    el('h2', {}, t('roster.fix_title')),
    el('p', { class: 'muted' }, t('roster.fix_intro')),
    el('label', {}, t('col.kiosk'), ' ', fields.kiosk),
    el('label', {}, t('roster.voided_entry'), ' ', fields.voided),
    el('label', {}, t('roster.add_entry'), ' ', fields.event),
    el('label', {}, t('col.officer'), ' ', fields.officer),
    el('label', {}, t('roster.at'), ' ', fields.at),
    el('label', {}, t('roster.reason'), ' ', fields.reason),
    el('button', { type: 'submit', class: 'primary' }, t('roster.save')), status);
  }

  const entries = [...data.entries].reverse();  // newest first
  const statusOf = (e) => {
    if (e.voided_by) return el('span', { class: 'badge muted' }, t('roster.voided', { n: number(e.voided_by) }));
    if (e.added_by) return el('span', { class: 'badge' }, t('roster.added', { n: number(e.added_by) }));
    return el('span', { class: 'badge ok' }, t('roster.in_force'));
  };
  const columns = [
    { label: t('roster.time'), cell: (e) => dmyTime(e.at) },
    { label: t('col.kiosk'), cell: (e) => e.kiosk },
    { label: t('roster.event'), cell: (e) => t(`roster.event.${e.event}`) },
    { label: t('col.officer'), cell: (e) => (e.officer ? `${e.officer_name || e.officer} (${e.officer})` : '–') },
    { label: t('roster.method'), cell: (e) => (e.method ? t(`roster.method.${e.method}`) : '–') },
    { label: t('col.state'), cell: statusOf },
  ];
  if (me.role === 'admin') {
    columns.push({ label: '', cell: (e) => (e.voided_by ? '' : el('button', { type: 'button', onclick: () => startFix(e) }, t('roster.fix'))) });
  }
  const corrections = [...data.corrections].reverse();
  return el('section', {},
    el('h1', {}, t('roster.title')),
    el('p', { class: 'muted' }, t('roster.intro')),
    filters,
    table(columns, entries, { empty: t('roster.empty'), rowClass: (e) => (e.voided_by ? 'voided' : '') }),
    form,
    el('h2', {}, t('roster.log_title')),
    table([
      { label: t('roster.time'), cell: (c) => dmyTime(c.at) },
      { label: t('roster.actor'), cell: (c) => c.actor },
      { label: t('col.kiosk'), cell: (c) => c.kiosk },
      { label: t('roster.change'), class: 'text', cell: (c) => [
        c.voided ? t('roster.change_void') : null,
        c.voided && c.added ? '; ' : null,
        c.added ? t('roster.change_add', { event: t(`roster.event.${c.added.event}`), officer: who(c.added.officer), at: dmyTime(c.added.at) }) : null] },
      { label: t('roster.moved'), class: 'n', cell: (c) => t('roster.moved_of', { moved: number(c.moved), examined: number(c.examined) }) },
      { label: t('roster.reason'), class: 'text', cell: (c) => c.reason },
    ], corrections, { empty: t('roster.no_corrections') }),
  );
}
