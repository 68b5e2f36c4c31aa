// The hailong dashboard: sign-in, then one view per page address (#/overview, #/rankings,
// #/drill, #/complaints, #/complaint/CODE, #/fleet, #/roster, #/reports, #/settings, and from the
// reports page #/summary and #/tt01, to print), each reading the API with the
// session cookie. A view's filters live in the address, so a view can be bookmarked and shared.
import { setLanguage, savedLanguage, language, t, translateTree } from './i18n.js';
import * as api from './api.js';
import { el, clear, errorBox, loading } from './ui.js';
import overview from './views/overview.js';
import rankings from './views/rankings.js';
import drill from './views/drill.js';
import fleet from './views/fleet.js';
import { complaintList, complaintCase } from './views/complaints.js';
import reports from './views/reports.js';
import roster from './views/roster.js';
import settings from './views/settings.js';
import summary from './views/summary.js';
import tt01 from './views/tt01.js';

const views = { overview, rankings, drill, fleet, roster, complaints: complaintList, complaint: complaintCase, reports, settings, summary, tt01 };
const main = document.getElementById('main');
let me = null;
let org = null;

function route() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const [view, ...rest] = path.split('/');
  return { view: views[view] ? view : 'overview', arg: decodeURIComponent(rest.join('/')), state: Object.fromEntries(new URLSearchParams(query || '')) };
}

/// Opens a view with a state (its filters) and an argument (a tracking code).
export function go(view, state = {}, arg = '') {
  const q = new URLSearchParams(Object.entries(state).filter(([, v]) => v !== undefined && v !== null && v !== ''));
  const hash = `#/${view}${arg ? `/${encodeURIComponent(arg)}` : ''}${q.toString() ? `?${q}` : ''}`;
  if (location.hash === hash) render(); else location.hash = hash;
}

function showLogin(problem) {
  document.body.classList.remove('signed-in');
  closeMenu();
  document.getElementById('nav').hidden = true;
  document.getElementById('user').hidden = true;
  document.getElementById('logout').hidden = true;
  const name = el('input', { name: 'name', autocomplete: 'username', required: true });
  const password = el('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const status = el('p', { class: 'error', role: 'alert' }, problem || '');
  const form = el('form', { class: 'login card', onsubmit: async (e) => {
    e.preventDefault();
    status.textContent = '';
    try {
      me = await api.post('/api/v1/login', { name: name.value.trim(), password: password.value });
      org = null;
      await start();
    } catch (err) {
      status.textContent = err.message;
      password.select();
    }
  } },
  el('h1', {}, t('login.title')), el('p', { class: 'muted' }, t('login.intro')),
  el('label', {}, t('login.name'), name), el('label', {}, t('login.password'), password),
  el('button', { type: 'submit', class: 'primary' }, t('login.submit')), status);
  clear(main).append(form);
  name.focus();
}

// Each render takes a ticket: a page still loading when the person opens another one must not
// replace it when its answers finally come.
let rendering = 0;

async function render() {
  if (!me) return showLogin();
  const ticket = ++rendering;
  const { view, arg, state } = route();
  for (const a of document.querySelectorAll('#nav a')) {
    a.hidden = a.dataset.roles ? !a.dataset.roles.split(' ').includes(me.role) : false;
    a.classList.toggle('active', a.dataset.view === view || (view === 'complaint' && a.dataset.view === 'complaints'));
  }
  clear(main).append(loading());
  try {
    // The organisation (names, filters) is fetched once, alongside the first view's own data:
    // each view awaits it only where it needs it.
    if (!org) org = api.get('/api/v1/organisation');
    const content = await views[view]({ me, org, state, arg, go });
    if (ticket !== rendering) return;
    clear(main).append(content);
  } catch (err) {
    org = null;  // fetched again next time, whatever failed
    if (ticket !== rendering) return;
    if (err.status === 401) { me = null; return showLogin(t('login.expired')); }
    clear(main).append(errorBox(err));
  }
}

// The phone's menu (style.css shows the button only on a narrow screen): opened by its button,
// closed by a choice, by Escape or by a tap elsewhere.
const header = document.querySelector('header.top');
const menuButton = document.getElementById('menu');
function closeMenu() {
  header.classList.remove('open');
  menuButton.setAttribute('aria-expanded', 'false');
}
menuButton.addEventListener('click', (e) => {
  e.stopPropagation();
  const open = !header.classList.contains('open');
  header.classList.toggle('open', open);
  menuButton.setAttribute('aria-expanded', String(open));
});
document.getElementById('nav').addEventListener('click', (e) => { if (e.target.closest('a')) closeMenu(); });
document.addEventListener('click', (e) => { if (!header.contains(e.target)) closeMenu(); });
document.addEventListener('keydown', (e) => { if (e.key === 'Escape' && header.classList.contains('open')) { closeMenu(); menuButton.focus(); } });

async function start() {
  document.body.classList.add('signed-in');
  document.getElementById('nav').hidden = false;
  const user = document.getElementById('user');
  user.hidden = false;
  user.textContent = `${me.name} · ${t(`role.${me.role}`)}`;
  document.getElementById('logout').hidden = false;
  await render();
}

async function boot() {
  // The words and who is signed in, at the same time.
  const who = api.get('/api/v1/me').then((m) => ({ me: m }), (err) => ({ err }));
  await setLanguage(savedLanguage());
  const lang = document.getElementById('lang');
  lang.value = language();
  translateTree();
  lang.addEventListener('change', async () => {
    await setLanguage(lang.value);
    translateTree();
    if (me) await start(); else showLogin();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    try { await api.post('/api/v1/logout', {}); } catch { /* signed out either way */ }
    me = null;
    org = null;
    showLogin();
  });
  window.addEventListener('hashchange', render);
  const answer = await who;
  if (answer.me) {
    me = answer.me;
    await start();
  } else if (answer.err.status === 401) {
    showLogin();
  } else {
    clear(main).append(errorBox(answer.err));
  }
}

boot();
