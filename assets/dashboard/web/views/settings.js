// Settings (administrators only): the agency's name, the default satisfaction target, each
// department's own target and the site's opening hours, saved through PUT /api/v1/settings (the
// alert thresholds, departments' hours, users and kiosks below them: settings_admin.js); a
// refused value is shown beside its field, with the server's words. Below, the last changes with
// who made them. Other roles get no link to this page, and the API refuses their changes.
import * as api from '../api.js';
import { t, number, dmyTime, dmy } from '../i18n.js';
import { el, table, today, iso } from '../ui.js';
import { isoOf, fieldErrors, submit, alertForm, departmentHoursForm, accountsSection, logLine } from './settings_admin.js';

// The value of a target input as the API takes it: a number, or null when left empty.
const targetValue = (input) => (input.value.trim() === '' ? null : Number(input.value.replace(',', '.')));

export default async function settings({ me, state, go }) {
  if (me.role !== 'admin') return el('section', {}, el('h1', {}, t('settings.title')), el('p', { class: 'muted' }, t('settings.admin_only')));
  const data = await api.get('/api/v1/settings');
  const saved = state.saved === undefined ? '' : Number(state.saved) ? t('settings.saved', { n: number(Number(state.saved)) }) : t('settings.unchanged');
  const status = el('p', { role: 'status', class: 'muted', 'data-test': 'settings-status' }, saved);
  const save = el('button', { type: 'submit', class: 'primary' }, t('settings.save'));
  const errors = fieldErrors(status);
  const field = errors.field;  // a control, what follows it, and its error line
  const name = el('input', { type: 'text', name: 'agency_name', maxlength: 200, value: data.agency_name ?? '' });
  const defaultTarget = el('input', { type: 'number', name: 'default_target', min: 0, max: 100, step: 0.1, value: data.default_target });
  const unitInputs = new Map();
  const units = table([
    { label: t('col.department'), cell: (u) => `${u.name} (${u.department})` },
    { label: t('settings.unit_target'), cell: (u) => {
      const input = el('input', { type: 'number', name: `unit_targets.${u.department}`, min: 0, max: 100, step: 0.1, value: u.target ?? '',
        placeholder: number(data.default_target, 1), 'aria-label': t('settings.unit_target_for', { name: u.name }) });
      unitInputs.set(u.department, input);
      return field(`unit_targets.${u.department}`, input);
    } },
    { label: t('settings.in_use'), class: 'n', cell: (u) => `${number(u.target_in_use, 1)} %` },
  ], data.unit_targets);
  const hours = el('input', { type: 'text', name: 'opening_hours.hours', maxlength: 300, value: data.opening_hours.hours });
  const validFrom = el('input', { type: 'text', name: 'opening_hours.valid_from', inputmode: 'numeric', placeholder: 'dd/mm/yyyy', value: dmy(iso(today())) });

  // The server checks every value and says what is wrong beside the field (no browser bubbles).
  const form = el('form', { class: 'settings card', 'data-test': 'settings-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    // Only what the person changed, so that the log holds their changes and nothing else.
    const body = {};
    const target = targetValue(defaultTarget);
    if (target !== data.default_target) body.default_target = target ?? defaultTarget.value;
    if (name.value !== (data.agency_name ?? '')) body.agency_name = name.value;
    for (const u of data.unit_targets) {
      const value = targetValue(unitInputs.get(u.department));
      if (value !== u.target) (body.unit_targets ??= {})[u.department] = Number.isNaN(value) ? unitInputs.get(u.department).value : value;
    }
    // New opening hours only when they were changed (each save would otherwise add a version).
    if (hours.value.trim() !== data.opening_hours.hours || validFrom.value.trim() !== dmy(iso(today())))
      body.opening_hours = { hours: hours.value.trim(), valid_from: isoOf(validFrom.value) || undefined };
    const answer = await submit(save, errors, () => api.put('/api/v1/settings', body));
    // Drawn again from the server's answer, with how many fields changed.
    if (answer) go('settings', { saved: String(answer.changed.length) });
  } },
  el('h2', {}, t('settings.agency')),
  el('label', {}, el('span', { class: 'name' }, t('settings.agency_name')), field('agency_name', name),
    el('small', { class: 'muted' }, t('settings.agency_name_hint'))),
  el('h2', {}, t('settings.targets')),
  el('p', { class: 'muted' }, t('settings.targets_hint')),
  el('label', {}, el('span', { class: 'name' }, t('settings.default_target')), field('default_target', defaultTarget, ' %')),
  units,
  el('h2', {}, t('settings.opening_hours')),
  el('p', { class: 'muted' }, data.opening_hours.standard ? t('settings.hours_standard') : t('settings.hours_in_force', { from: dmy(data.opening_hours.valid_from) })),
  el('label', {}, el('span', { class: 'name' }, t('settings.hours')), field('opening_hours.hours', hours), el('small', { class: 'muted' }, t('settings.hours_hint'))),
  el('label', {}, el('span', { class: 'name' }, t('settings.valid_from')), field('opening_hours.valid_from', validFrom)),
  data.opening_hours.upcoming.length ? el('p', { class: 'muted' }, data.opening_hours.upcoming.map((v) => t('settings.hours_upcoming', { hours: v.hours, from: dmy(v.valid_from) })).join(' ')) : null,
  el('p', {}, save));

  // A field of the log in words: "unit_targets.SCT" is the own target of Sở Công Thương.
  const names = new Map(data.unit_targets.map((u) => [u.department, u.name]));
  const departmentName = (code) => names.get(code) || code;
  const fieldName = (f) => {
    if (f === 'agency_name') return t('settings.agency_name');
    if (f === 'satisfaction_target') return t('settings.default_target');
    if (f === 'opening_hours') return t('settings.opening_hours');
    if (f.startsWith('unit_targets.')) return t('settings.unit_target_for', { name: names.get(f.slice(13)) || f.slice(13) });
    return f;
  };
  const log = el('div', { class: 'card' }, el('h2', {}, t('settings.changes')), table([
    { label: t('col.time'), cell: (c) => dmyTime(c.at) },
    { label: t('settings.actor'), cell: (c) => c.actor },
    { label: t('settings.field'), cell: (c) => logLine(c, departmentName)?.field ?? fieldName(c.field) },
    { label: t('settings.old'), cell: (c) => logLine(c, departmentName)?.old ?? c.old ?? '–' },
    { label: t('settings.new'), cell: (c) => logLine(c, departmentName)?.value ?? c.new ?? '–' },
  ], data.changes, { empty: t('settings.no_changes') }));
  // The outcome above the form (a long list of departments pushes the button far down).
  return el('section', {}, el('h1', {}, t('settings.title')), status, form,
    alertForm(data, go), departmentHoursForm(data, go), accountsSection(data), log);
}
