// The settings page's weekly tasks (administrators only, issue 19), beside the agency's settings
// of settings.js: the alert thresholds and each department's own opening hours (PUT
// /api/v1/settings), the users (add, reset a password, revoke) and the kiosks (add, a new token,
// revoke) through /api/v1/settings/accounts, users and kiosks (docs/api.md). A refused value is
// shown beside its field with the server's words. A kiosk's token is shown once, in a box with a
// copy button, and is never fetched again: the server keeps only its hash.
import * as api from '../api.js';
import { t, number, dmy } from '../i18n.js';
import { el, clear, table, today, iso } from '../ui.js';

/// "dd/mm/yyyy" as people write a date here, to the API's YYYY-MM-DD; anything else is sent as
/// typed, for the server to refuse beside the field.
export const isoOf = (text) => {
  const m = /^\s*(\d{1,2})\/(\d{1,2})\/(\d{4})\s*$/.exec(text);
  return m ? `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}` : text.trim();
};

/// The error line of each field of one form, by the API's field path: shown beside the control,
/// cleared before the next try. A problem of no field (the whole request) goes to the form's
/// status line. field() gives the control, what follows it (" %") and its error line.
export function fieldErrors(status) {
  const fields = new Map();
  return {
    field(path, control, suffix = null) {
      const message = el('span', { class: 'field-error', role: 'alert', 'data-error-for': path });
      fields.set(path, { message, control });
      return [control, suffix, message];
    },
    clear() {
      for (const { message, control } of fields.values()) { message.textContent = ''; control.removeAttribute('aria-invalid'); }
      status.textContent = '';
      status.className = 'muted';
    },
    show(err) {
      const shown = fields.get(err.field);
      if (shown) {
        shown.message.textContent = err.message;
        shown.control.setAttribute('aria-invalid', 'true');
        shown.control.focus();
      }
      status.textContent = shown ? t('settings.not_saved') : err.message;
      status.className = 'error';
    },
  };
}

const labelled = (name, ...controls) => el('label', {}, el('span', { class: 'name' }, name), ...controls);

/// Sends a form's request: the button greyed out meanwhile, the errors shown beside the fields;
/// the answer, or null when refused.
export async function submit(button, errors, request) {
  errors.clear();
  button.disabled = true;
  try {
    return await request();
  } catch (err) {
    errors.show(err);
    return null;
  } finally {
    button.disabled = false;
  }
}

/// The alert thresholds: when a department or kiosk is flagged as failing or silent.
export function alertForm(data, go) {
  const policy = data.alert_policy;
  const status = el('p', { class: 'muted', role: 'status' });
  const errors = fieldErrors(status);
  const inputs = {};
  const input = (key, attrs, suffix = null) => {
    inputs[key] = el('input', { type: 'number', name: `alert_policy.${key}`, value: policy[key], ...attrs });
    return errors.field(`alert_policy.${key}`, inputs[key], suffix);
  };
  const save = el('button', { type: 'submit', class: 'primary' }, t('settings.alert_save'));
  return el('form', { class: 'settings card', 'data-test': 'alert-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    // Only the numbers changed; anything that is not a number goes as typed, for the server to name.
    const body = {};
    for (const [key, control] of Object.entries(inputs)) {
      const text = control.value.trim().replace(',', '.');
      const value = text === '' || Number.isNaN(Number(text)) ? text : Number(text);
      if (value !== policy[key]) body[key] = value;
    }
    const answer = await submit(save, errors, () => api.put('/api/v1/settings', { alert_policy: body }));
    if (answer) go('settings', { saved: String(answer.changed.length) });
  } },
  el('h2', {}, t('settings.alerts')),
  el('p', { class: 'muted' }, t('settings.alerts_hint')),
  labelled(t('settings.alert_min_rate'), input('min_rate', { min: 0, max: 100, step: 0.1 }, ' %')),
  labelled(t('settings.alert_window'), input('window', { min: 1, max: 10000, step: 1 })),
  labelled(t('settings.alert_silent'), input('silent_minutes', { min: 1, max: 100000, step: 1 })),
  labelled(t('settings.alert_days'), input('harassment_days', { min: 1, max: 366, step: 1 })),
  status, el('p', {}, save));
}

/// Each department's own opening hours: those in force and those to come, and a form for a new
/// version, judged by the same rules as hailong-admin set-opening-hours.
export function departmentHoursForm(data, go) {
  const status = el('p', { class: 'muted', role: 'status' });
  const errors = fieldErrors(status);
  const department = el('select', { name: 'opening_hours.department' },
    data.unit_targets.map((u) => el('option', { value: u.department }, `${u.name} (${u.department})`)));
  const hours = el('input', { type: 'text', name: 'opening_hours.hours', maxlength: 300 });
  const validFrom = el('input', { type: 'text', name: 'opening_hours.valid_from', inputmode: 'numeric', placeholder: 'dd/mm/yyyy' });
  const save = el('button', { type: 'submit', class: 'primary' }, t('settings.department_hours_save'));
  const own = table([
    { label: t('col.department'), cell: (d) => `${d.name} (${d.department})` },
    { label: t('settings.department_hours_text'), cell: (d) => d.hours ?? t('settings.department_hours_site') },
    { label: t('settings.valid_from'), cell: (d) => (d.valid_from ? dmy(d.valid_from) : '–') },
    { label: t('settings.department_hours_later'), cell: (d) => d.upcoming.map((v) => `${dmy(v.valid_from)}: ${v.hours}`).join('; ') || '–' },
  ], data.department_hours, { empty: t('settings.department_hours_none') });
  return el('form', { class: 'settings card', 'data-test': 'department-hours-form', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    const body = { department: department.value, hours: hours.value.trim(), valid_from: isoOf(validFrom.value) || undefined };
    const answer = await submit(save, errors, () => api.put('/api/v1/settings', { opening_hours: body }));
    if (answer) go('settings', { saved: String(answer.changed.length) });
  } },
  el('h2', {}, t('settings.department_hours')),
  el('p', { class: 'muted' }, t('settings.department_hours_hint')),
  own,
  labelled(t('col.department'), errors.field('opening_hours.department', department)),
  labelled(t('settings.department_hours_text'), errors.field('opening_hours.hours', hours), el('small', { class: 'muted' }, t('settings.hours_hint'))),
  labelled(t('settings.valid_from'), errors.field('opening_hours.valid_from', validFrom),
    el('small', { class: 'muted' }, t('settings.valid_from_hint', { today: dmy(iso(today())) }))),
  status, el('p', {}, save));
}

// The token of a kiosk, shown this once: selectable text and a copy button.
function tokenBox(kiosk, token) {
  const copied = el('span', { class: 'muted', role: 'status' });
  const text = el('input', { type: 'text', readonly: true, value: token, 'data-test': 'kiosk-token', 'aria-label': t('settings.token_label', { kiosk }) });
  return el('div', { class: 'token-once', role: 'alert' },
    el('p', {}, el('strong', {}, t('settings.token_title', { kiosk }))),
    el('p', {}, t('settings.token_once')),
    el('p', { class: 'token-line' }, text,
      el('button', { type: 'button', 'data-test': 'copy-token', onclick: async () => {
        text.select();
        try {
          await navigator.clipboard.writeText(token);
          copied.textContent = t('settings.token_copied');
        } catch {
          copied.textContent = t('settings.token_copy_failed');
        }
      } }, t('settings.token_copy')), ' ', copied));
}

/// Users and kiosks: the lists with their actions and a form to add each. Redrawn in place after
/// each change, so that a token just shown stays on the screen until the page is left.
export function accountsSection(data) {
  const root = el('div', { 'data-test': 'accounts' });
  const departments = data.unit_targets;
  const departmentName = new Map(departments.map((u) => [u.department, u.name]));
  let shownToken = null;  // {kiosk, token}: the box above the kiosks, until the next change

  async function draw(message) {
    const accounts = await api.get('/api/v1/settings/accounts');
    clear(root).append(usersCard(accounts.users, message?.users), kiosksCard(accounts.kiosks, message?.kiosks));
  }

  // The departments a user reaches, in words: "every department" for the centre's director.
  const reach = (u) => (u.all_departments ? t('settings.all_departments')
    : u.departments.map((d) => departmentName.get(d) || d).join(', ') || '–');

  function usersCard(users, done) {
    const status = el('p', { class: done ? 'ok' : 'muted', role: 'status', 'data-test': 'users-status' }, done ?? '');
    const errors = fieldErrors(status);
    const name = el('input', { type: 'text', name: 'name', maxlength: 64, autocomplete: 'off' });
    const role = el('select', { name: 'role' }, ['manager', 'analyst', 'admin'].map((r) => el('option', { value: r }, t(`role.${r}`))));
    const deps = el('select', { name: 'departments', multiple: true, size: Math.min(6, departments.length) },
      departments.map((u) => el('option', { value: u.department }, `${u.name} (${u.department})`)));
    // The centre's director: every department, those added later too (harassment reports included).
    const all = el('input', { type: 'checkbox', name: 'all_departments', onchange: () => { deps.disabled = all.checked; } });
    // The box and its words on one line, its error line (a block) after them.
    const [allBox, , allError] = errors.field('all_departments', all);
    const password = el('input', { type: 'password', name: 'password', autocomplete: 'new-password', maxlength: 256 });
    const add = el('button', { type: 'submit', class: 'primary' }, t('settings.user_add'));
    const form = el('form', { class: 'settings', 'data-test': 'user-add-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const body = { name: name.value.trim(), role: role.value, password: password.value };
      if (all.checked) body.all_departments = true;
      else body.departments = [...deps.selectedOptions].map((o) => o.value);
      const answer = await submit(add, errors, () => api.post('/api/v1/settings/users', body));
      if (answer) await draw({ users: t('settings.user_added', { name: answer.user.name }) });
    } },
    el('h3', {}, t('settings.user_new')),
    labelled(t('settings.user_name'), errors.field('name', name), el('small', { class: 'muted' }, t('settings.user_name_hint'))),
    labelled(t('settings.user_role'), errors.field('role', role)),
    labelled(t('settings.user_departments'), errors.field('departments', deps), el('small', { class: 'muted' }, t('settings.user_departments_hint'))),
    el('p', {}, el('label', { class: 'check' }, allBox, ' ', t('settings.user_all_departments')), allError,
      el('small', { class: 'muted' }, t('settings.user_all_departments_hint'))),
    labelled(t('settings.password'), errors.field('password', password), el('small', { class: 'muted' }, t('settings.password_hint'))),
    el('p', {}, add));

    // A row's actions: a new password typed beside the user, and revoking after a question.
    const actions = (u) => {
      if (u.revoked) return el('span', { class: 'muted' }, t('settings.revoked'));
      const rowStatus = el('span', { class: 'muted', role: 'status' });
      const rowErrors = fieldErrors(rowStatus);
      const newPassword = el('input', { type: 'password', name: 'password', autocomplete: 'new-password', maxlength: 256,
        'aria-label': t('settings.password_for', { name: u.name }) });
      const reset = el('button', { type: 'submit' }, t('settings.password_reset'));
      const revoke = u.you ? null : el('button', { type: 'button', class: 'danger', 'data-test': `revoke-user-${u.name}`, onclick: async () => {
        if (!window.confirm(t('settings.user_revoke_confirm', { name: u.name }))) return;
        const answer = await submit(revoke, rowErrors, () => api.post(`/api/v1/settings/users/${encodeURIComponent(u.name)}/revoke`, {}));
        if (answer) await draw({ users: t('settings.user_revoked', { name: u.name }) });
      } }, t('settings.revoke'));
      return el('div', { class: 'row-actions' },
        el('form', { class: 'settings inline', 'data-test': `password-form-${u.name}`, novalidate: true, onsubmit: async (e) => {
          e.preventDefault();
          const answer = await submit(reset, rowErrors, () => api.post(`/api/v1/settings/users/${encodeURIComponent(u.name)}/password`, { password: newPassword.value }));
          if (answer) await draw({ users: t('settings.password_done', { name: u.name }) });
        } }, rowErrors.field('password', newPassword), reset),
        revoke, u.you ? el('span', { class: 'muted' }, t('settings.you')) : null, rowStatus);
    };
    return el('div', { class: 'card', 'data-test': 'users' }, el('h2', {}, t('settings.users')), status,
      table([
        { label: t('settings.user_name'), cell: (u) => u.name },
        { label: t('settings.user_role'), cell: (u) => t(`role.${u.role}`) },
        { label: t('settings.user_departments'), cell: reach },
        { label: t('settings.actions'), cell: actions },
      ], users, { pageSize: 20, rowClass: (u) => (u.revoked ? 'revoked' : undefined), search: (u) => `${u.name} ${t(`role.${u.role}`)} ${reach(u)}`,
        searchLabel: t('settings.users_search') }),
      form);
  }

  function kiosksCard(kiosks, done) {
    const status = el('p', { class: done ? 'ok' : 'muted', role: 'status', 'data-test': 'kiosks-status' }, done ?? '');
    const errors = fieldErrors(status);
    const id = el('input', { type: 'text', name: 'id', maxlength: 64, autocomplete: 'off' });
    const department = el('select', { name: 'department' }, departments.map((u) => el('option', { value: u.department }, `${u.name} (${u.department})`)));
    const add = el('button', { type: 'submit', class: 'primary' }, t('settings.kiosk_add'));
    const issued = (answer) => { shownToken = { kiosk: answer.kiosk.id, token: answer.token }; };
    const form = el('form', { class: 'settings', 'data-test': 'kiosk-add-form', novalidate: true, onsubmit: async (e) => {
      e.preventDefault();
      const answer = await submit(add, errors, () => api.post('/api/v1/settings/kiosks', { id: id.value.trim(), department: department.value }));
      if (answer) { issued(answer); await draw({ kiosks: t('settings.kiosk_added', { kiosk: answer.kiosk.id }) }); }
    } },
    el('h3', {}, t('settings.kiosk_new')),
    labelled(t('settings.kiosk_id'), errors.field('id', id), el('small', { class: 'muted' }, t('settings.user_name_hint'))),
    labelled(t('col.department'), errors.field('department', department)),
    el('p', {}, add));
    const actions = (k) => {
      const rowStatus = el('span', { class: 'muted', role: 'status' });
      const rowErrors = fieldErrors(rowStatus);
      const rotate = el('button', { type: 'button', 'data-test': `rotate-kiosk-${k.id}`, onclick: async () => {
        if (!window.confirm(t('settings.kiosk_rotate_confirm', { kiosk: k.id }))) return;
        const answer = await submit(rotate, rowErrors, () => api.post(`/api/v1/settings/kiosks/${encodeURIComponent(k.id)}/token`, {}));
        if (answer) { issued(answer); await draw({ kiosks: t('settings.kiosk_rotated', { kiosk: k.id }) }); }
      } }, t('settings.kiosk_rotate'));
      const revoke = k.revoked ? null : el('button', { type: 'button', class: 'danger', 'data-test': `revoke-kiosk-${k.id}`, onclick: async () => {
        if (!window.confirm(t('settings.kiosk_revoke_confirm', { kiosk: k.id }))) return;
        const answer = await submit(revoke, rowErrors, () => api.post(`/api/v1/settings/kiosks/${encodeURIComponent(k.id)}/revoke`, {}));
        if (answer) await draw({ kiosks: t('settings.kiosk_revoked', { kiosk: k.id }) });
      } }, t('settings.revoke'));
      return el('div', { class: 'row-actions' }, rotate, revoke, rowStatus);
    };
    const box = shownToken ? tokenBox(shownToken.kiosk, shownToken.token) : null;
    shownToken = null;  // shown once: the next redraw drops it
    return el('div', { class: 'card', 'data-test': 'kiosks' }, el('h2', {}, t('settings.kiosks')), status, box,
      table([
        { label: t('settings.kiosk_id'), cell: (k) => k.id, sort: (k) => k.id },
        { label: t('col.department'), cell: (k) => departmentName.get(k.department) || k.department, sort: (k) => departmentName.get(k.department) || k.department },
        { label: t('settings.kiosk_number'), class: 'n', cell: (k) => number(k.number), sort: (k) => k.number },
        { label: t('settings.kiosk_state'), cell: (k) => (k.revoked ? t('settings.revoked') : t('settings.active')), sort: (k) => (k.revoked ? 1 : 0) },
        { label: t('settings.actions'), cell: actions },
      ], kiosks, { pageSize: 20, rowClass: (k) => (k.revoked ? 'revoked' : undefined), search: (k) => `${k.id} ${k.department} ${departmentName.get(k.department) || ''}`,
        searchLabel: t('settings.kiosks_search') }),
      form);
  }

  draw().catch((err) => root.append(el('p', { class: 'error', role: 'alert' }, err.message)));
  return root;
}

/// A line of the settings' log in words, for the lines this module's changes write (null for
/// the others): which setting, and the new value.
export function logLine(change, departmentName) {
  const [scope, ...rest] = change.field.split('.');
  const subject = rest.join('.');
  if (change.field === 'alert_policy') {
    // The stored text is the setting's JSON: in words, or as stored if it is not that.
    const summary = (text) => {
      let p = null;
      try { p = JSON.parse(text); } catch { return text; }
      return p?.window ? t('settings.alert_summary', { rate: number(p.min_rate, 1), window: number(p.window),
        minutes: number(p.silent_minutes), days: number(p.harassment_days) }) : text;
    };
    return { field: t('settings.alerts'), old: change.old && summary(change.old), value: change.new && summary(change.new) };
  }
  if (scope === 'opening_hours' && subject) return { field: t('settings.department_hours_of', { name: departmentName(subject) }), value: change.new };
  const words = (change.new ?? '').split(' ');
  if (scope === 'users') {
    const departments = words[2] === '*' ? t('settings.all_departments') : words.slice(2).join(', ') || '–';
    const value = words[0] === 'added' ? t('settings.log_user_added', { role: t(`role.${words[1]}`), departments })
      : words[0] === 'revoked' ? t('settings.log_revoked') : words[0] === 'password' ? t('settings.log_password_reset') : change.new;
    return { field: t('settings.log_user', { name: subject }), value };
  }
  if (scope === 'kiosks') {
    const value = words[0] === 'added' ? t('settings.log_kiosk_added', { department: departmentName(words[1]) })
      : words[0] === 'revoked' ? t('settings.log_revoked') : words[0] === 'token' ? t('settings.log_token_rotated', { number: words.at(-1) }) : change.new;
    return { field: t('settings.log_kiosk', { kiosk: subject }), value };
  }
  return null;
}
