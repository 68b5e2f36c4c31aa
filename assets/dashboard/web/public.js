// The public results: each department's satisfaction this month and the month before, with the
// 95 % interval, or "not enough responses" (GET /api/v1/public/results, no account). No officer,
// no comment. ?tv=1 is the lobby screen: large type, no controls, fresh figures every five
// minutes, and a list longer than the screen shown a screenful at a time.
import { setLanguage, savedLanguage, language, t, number, translateTree } from './i18n.js';
import { el } from './ui.js';

const tv = new URLSearchParams(location.search).get('tv') === '1';
const board = document.getElementById('board');
const refreshEvery = 5 * 60 * 1000;
const pageEvery = 15 * 1000;
let results = null;
let page = 0;

// "2026-12" -> "12/2026"; "2026-12-10" -> "10/12/2026" (dates are dd/mm/yyyy everywhere).
const monthText = (ym) => { const [y, m] = ym.split('-'); return `${m}/${y}`; };
const dayText = (ymd) => { const [y, m, d] = ymd.split('-'); return `${d}/${m}/${y}`; };

// One month's figure of a department: the rate, its interval and the responses; or why there is
// no rate. The bar shows the rate and, lighter, the interval: how sure the figure is.
function figure(f, min) {
  if (f.responses === 0) return el('span', { class: 'muted' }, t('public.no_responses'));
  if (f.suppressed || f.satisfaction_rate === null)
    return el('span', { class: 'muted' }, t('public.too_few', { n: number(f.responses), min: number(min) }));
  const [low, high] = f.ci95 ?? [f.satisfaction_rate, f.satisfaction_rate];
  // Placed through the style object: the pages' Content-Security-Policy refuses style attributes.
  const band = el('span', { class: 'bar-ci' });
  band.style.left = `${low}%`;
  band.style.width = `${Math.max(high - low, 0.5)}%`;
  const mark = el('span', { class: 'bar-rate' });
  mark.style.left = `${f.satisfaction_rate}%`;
  return el('div', { class: 'figure' },
    el('span', { class: 'rate' }, `${number(f.satisfaction_rate, 1)} %`),
    el('span', { class: 'bar', role: 'img', 'aria-label': t('public.interval', { low: number(low, 1), high: number(high, 1) }) }, band, mark),
    el('span', { class: 'ci' }, t('public.interval', { low: number(low, 1), high: number(high, 1) }), ' · ',
      t('public.responses', { n: number(f.responses) })));
}

// The table of `list`, headed by the two months.
function table(list) {
  const current = monthText(results.month);
  const thisLabel = t('public.this_month', { month: current });
  const lastLabel = t('public.last_month', { month: monthText(results.last_month.month) });
  return el('table', { class: 'public-results' },
    el('thead', {}, el('tr', {},
      el('th', { scope: 'col' }, t('public.department')),
      el('th', { scope: 'col' }, thisLabel),
      el('th', { scope: 'col' }, lastLabel))),
    el('tbody', {}, list.map((d) => el('tr', {},
      el('th', { scope: 'row' }, d.name),
      el('td', { 'data-label': thisLabel }, figure(d.this_month, results.min_responses)),
      el('td', { 'data-label': lastLabel }, figure(d.last_month, results.min_responses))))));
}

// The lobby screen's screenfuls: the whole list drawn once and measured, then cut where the next
// row would go below the screen (the table's columns are fixed, so a row is as tall on any page).
function screenfuls(list) {
  board.replaceChildren(table(list));
  // Everything on the page but the rows (headings, the table's head, the footnote, margins) stays.
  const chrome = document.documentElement.scrollHeight - board.querySelector('tbody').getBoundingClientRect().height;
  const room = window.innerHeight - chrome;
  const pages = [];
  let current = [];
  let used = 0;
  board.querySelectorAll('tbody tr').forEach((tr, i) => {
    const h = tr.getBoundingClientRect().height;
    if (current.length && used + h > room) { pages.push(current); current = []; used = 0; }
    current.push(list[i]);
    used += h;
  });
  if (current.length) pages.push(current);
  return pages;
}

function draw() {
  if (!results) return;
  const agency = document.getElementById('agency');
  agency.hidden = !results.agency_name;
  agency.textContent = results.agency_name ?? '';
  document.getElementById('period').textContent = t('public.period', { month: monthText(results.month), to: dayText(results.to) });
  document.getElementById('about').textContent = t('public.about', { min: number(results.min_responses) });
  const made = new Date(results.made_at);
  const clock = new Intl.DateTimeFormat('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' }).format(made);
  document.getElementById('made').textContent = t('public.made_at', { time: clock, date: dayText(results.made_at.slice(0, 10)) });
  const byName = [...results.departments].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  if (byName.length === 0) {
    board.replaceChildren(el('p', { class: 'muted' }, t('public.none')));
    return;
  }
  if (!tv) {
    board.replaceChildren(table(byName));
    return;
  }
  const pages = screenfuls(byName);
  page %= pages.length;
  document.getElementById('made').dataset.page = `${page + 1}/${pages.length}`;
  board.replaceChildren(table(pages[page]));
}

async function load() {
  try {
    const res = await fetch('/api/v1/public/results', { headers: { 'Accept-Language': language() } });
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new Error(body?.error?.message || `HTTP ${res.status}`);
    results = body;
    draw();
  } catch (err) {
    // A lobby screen keeps the figures it has; a reader is told.
    if (!results) board.replaceChildren(el('p', { class: 'error', role: 'alert' }, t('public.unavailable')));
    console.error(err);
  }
}

async function boot() {
  await setLanguage(tv ? 'vi' : savedLanguage());
  if (tv) document.body.classList.add('tv');
  const lang = document.getElementById('lang');
  lang.value = language();
  translateTree();
  document.title = t('public.title');
  lang.addEventListener('change', async () => {
    await setLanguage(lang.value);
    translateTree();
    document.title = t('public.title');
    draw();
  });
  await load();
  if (tv) {
    window.addEventListener('resize', draw);
    setInterval(load, refreshEvery);
    setInterval(() => { page += 1; draw(); }, pageEvery);
  }
}

boot();
