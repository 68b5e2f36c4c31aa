// The citizen's lookup of a complaint by its tracking code: status and reply, nothing else
// (GET /api/v1/public/complaints/{code}, no account). The code may be typed with or without
// dashes, in any case; ?code=... fills it in (a link or QR code printed with the receipt).
import { setLanguage, savedLanguage, language, t, translateTree, dmyTime } from './i18n.js';
import { el } from './ui.js';

const form = document.getElementById('lookup');
const code = document.getElementById('code');
const result = document.getElementById('result');
let last = null;

async function lookUp() {
  const typed = code.value.trim();
  if (!typed) return;
  last = typed;
  result.replaceChildren(el('p', { class: 'muted' }, t('common.loading')));
  const res = await fetch(`/api/v1/public/complaints/${encodeURIComponent(typed)}`, { headers: { 'Accept-Language': language() } });
  let body = null;
  try { body = await res.json(); } catch { body = null; }
  if (!res.ok) {
    const message = res.status === 404 ? t('lookup.not_found') : res.status === 429 ? t('lookup.slow_down') : body?.error?.message || `HTTP ${res.status}`;
    result.replaceChildren(el('p', { class: 'error', role: 'alert' }, message));
    return;
  }
  result.replaceChildren(el('dl', { class: 'lookup-result' },
    body.agency_name ? [el('dt', {}, t('lookup.agency')), el('dd', {}, body.agency_name)] : null,
    el('dt', {}, t('lookup.code')), el('dd', {}, body.tracking_code),
    el('dt', {}, t('col.status')), el('dd', {}, el('span', { class: `badge status-${body.status}` }, t(`status.${body.status}`)), ' ', el('span', { class: 'muted' }, t(`lookup.status_${body.status}`))),
    el('dt', {}, t('lookup.reply')), el('dd', { class: 'text' }, body.reply ?? t('lookup.no_reply'),
      body.replied_at ? el('small', { class: 'ci' }, t('complaints.replied_at', { at: dmyTime(body.replied_at) })) : null)));
}

async function boot() {
  await setLanguage(savedLanguage());
  const lang = document.getElementById('lang');
  lang.value = language();
  translateTree();
  document.title = t('lookup.title');
  lang.addEventListener('change', async () => {
    await setLanguage(lang.value);
    translateTree();
    document.title = t('lookup.title');
    if (last) await lookUp();
  });
  form.addEventListener('submit', (e) => { e.preventDefault(); lookUp(); });
  const given = new URLSearchParams(location.search).get('code');
  if (given) { code.value = given; await lookUp(); }
}

boot();
