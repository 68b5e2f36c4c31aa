// The public results page (public.html) as a citizen and a lobby screen see it, in Debian's
// Chromium, without signing in (run by e2e.sh after e2e.mjs, on the same site and server). The
// figures on the page are checked against the store itself, counted here with SQL: this month's
// and last month's responses and satisfied responses of every department, flagged ratings left
// out (flags = 0), satisfied being 2 or 3 on the 3-level scale and 4 or 5 on the 5-level scale
// (methodology.md section 1). No officer's name may appear.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { checker } from './harness.mjs';

const url = process.env.E2E_URL;
const shots = process.env.E2E_SHOTS;
const db = process.env.E2E_DB;
const today = process.env.E2E_TODAY;
const { check, checks } = checker();
const problems = [];
const sql = (query) => execFileSync('sqlite3', ['-separator', '|', db, query], { encoding: 'utf8' }).trim();

// local_day counts days since 1970-01-01 in Vietnam's time.
const dayNumber = (ymd) => Date.UTC(...ymd.split('-').map((v, i) => (i === 1 ? Number(v) - 1 : Number(v)))) / 86400000;
const [y, m] = today.split('-').map(Number);
const pad = (n) => String(n).padStart(2, '0');
const thisFrom = dayNumber(`${y}-${pad(m)}-01`);
const thisTo = dayNumber(today);
const lastY = m === 1 ? y - 1 : y;
const lastM = m === 1 ? 12 : m - 1;
const lastFrom = dayNumber(`${lastY}-${pad(lastM)}-01`);
const lastTo = thisFrom - 1;
function counted(from, to) {
  const out = new Map();
  const rows = sql(`SELECT department, count(*), sum(CASE WHEN (scale = 3 AND value >= 2) OR (scale = 5 AND value >= 4) THEN 1 ELSE 0 END)
                    FROM submissions WHERE flags = 0 AND local_day BETWEEN ${from} AND ${to} GROUP BY department`);
  for (const line of rows.split('\n').filter(Boolean)) {
    const [dep, n, sat] = line.split('|');
    out.set(dep, { n: Number(n), sat: Number(sat) });
  }
  return out;
}
const thisMonth = counted(thisFrom, thisTo);
const lastMonth = counted(lastFrom, lastTo);
const officerNames = sql('SELECT DISTINCT name FROM officers').split('\n').filter((n) => n.length > 3);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
async function open(viewport, lang, path = '/public.html') {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' });
  await context.addInitScript((l) => localStorage.setItem('hailong.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(`${url}${path}`);
  await page.waitForSelector('table.public-results tbody tr');
  await page.waitForLoadState('networkidle');
  return { context, page };
}

// --- a citizen at a desk, in Vietnamese ---------------------------------------------------------
{
  const { context, page } = await open({ width: 1366, height: 768 }, 'vi');
  const answer = await page.evaluate(async () => (await fetch('/api/v1/public/results')).json());
  const min = answer.min_responses;
  check(answer.month === today.slice(0, 7) && answer.to === today, `the current month, to today (${answer.month}, ${answer.to})`);
  const deps = new Set([...thisMonth.keys(), ...lastMonth.keys()]);
  check(answer.departments.length === deps.size, `every department rated this month or last is listed (${answer.departments.length} = ${deps.size} in the store)`);
  for (const d of answer.departments) {
    for (const [figure, store] of [[d.this_month, thisMonth.get(d.department) ?? { n: 0, sat: 0 }], [d.last_month, lastMonth.get(d.department) ?? { n: 0, sat: 0 }]]) {
      check(figure.responses === store.n, `${d.department}: ${figure.responses} responses = ${store.n} counted in the store`);
      if (store.n >= min) {
        const rate = Math.round((10000 * store.sat) / store.n) / 100;
        check(Math.abs(figure.satisfaction_rate - rate) < 0.006, `${d.department}: rate ${figure.satisfaction_rate} = ${rate} from the store`);
        check(figure.ci95[0] <= rate && rate <= figure.ci95[1], `${d.department}: the interval holds the rate`);
      } else {
        check(figure.suppressed && figure.satisfaction_rate === null, `${d.department}: ${store.n} < ${min} responses gives no rate`);
      }
    }
  }
  // The page shows what the answer says, row by row (rows by name in Vietnamese order).
  const rows = await page.$$eval('table.public-results tbody tr', (trs) => trs.map((tr) => [tr.querySelector('th').textContent, ...[...tr.querySelectorAll('td')].map((td) => td.textContent)]));
  check(rows.length === answer.departments.length, 'one row per department');
  const byName = new Map(answer.departments.map((d) => [d.name, d]));
  const shownRate = (f) => (f.satisfaction_rate === null ? null : `${new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(f.satisfaction_rate)} %`);
  for (const [name, now, before] of rows) {
    const d = byName.get(name);
    check(d, `row ${name} is a department of the answer`);
    for (const [text, f] of [[now, d.this_month], [before, d.last_month]]) {
      const rate = shownRate(f);
      if (rate) check(text.includes(rate), `${name}: the page shows ${rate} (it shows "${text}")`);
      else check(text.includes(f.responses === 0 ? 'Chưa có phiếu' : 'Chưa đủ phiếu'), `${name}: the page says why there is no rate ("${text}")`);
    }
  }
  const text = await page.textContent('body');
  check(officerNames.every((n) => !text.includes(n)), 'no officer is named on the public page');
  check(text.includes('khoảng tin cậy 95 %'), 'the interval is explained');
  await page.screenshot({ path: join(shots, 'public-results-vi.png'), fullPage: true });
  // In English on request.
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('h1').textContent === 'Citizen satisfaction results');
  check((await page.textContent('thead')).includes('Agency or unit'), 'the table is in English');
  await context.close();
}

// --- a citizen on a phone: a card per department --------------------------------------------
{
  const { context, page } = await open({ width: 390, height: 844 }, 'vi');
  check(!(await page.isVisible('table.public-results thead')), 'no table header on a phone');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 390, `nothing wider than the phone (${width} px)`);
  await page.screenshot({ path: join(shots, 'public-results-phone-vi.png'), fullPage: false });
  await context.close();
}

// --- the lobby screen: a screenful at a time, every department in turn --------------------------
{
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1920, height: 1080 }, locale: 'en-GB' });
  await context.addInitScript(() => localStorage.setItem('hailong.lang', 'en'));
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.clock.install();  // the page's timers move only when the test moves them
  await page.goto(`${url}/public.html?tv=1`);
  await page.waitForSelector('table.public-results tbody tr');
  check(await page.evaluate(() => document.documentElement.lang) === 'vi', 'the lobby screen is in Vietnamese whatever the browser kept');
  check(!(await page.isVisible('#lang')), 'no controls on the lobby screen');
  await page.screenshot({ path: join(shots, 'public-results-tv.png') });
  const all = (await page.evaluate(async () => (await fetch('/api/v1/public/results')).json())).departments.map((d) => d.name);
  const pages = Number((await page.getAttribute('#made', 'data-page')).split('/')[1]);
  const seen = [];
  for (let i = 0; i < pages; ++i) {
    const label = await page.getAttribute('#made', 'data-page');
    check(label === `${i + 1}/${pages}`, `screen ${i + 1} of ${pages} is shown (${label})`);
    const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    check(overflow <= 0, `screen ${i + 1}: nothing below the fold (${overflow} px)`);
    seen.push(...await page.$$eval('table.public-results tbody th', (ths) => ths.map((th) => th.textContent)));
    await page.clock.runFor(15000);
  }
  check(pages > 1, `the ${all.length} departments take more than one screen (${pages})`);
  check(seen.length === all.length && new Set(seen).size === all.length && all.every((n) => seen.includes(n)),
    `every department is shown once over the ${pages} screens (${seen.length} rows)`);
  check(await page.getAttribute('#made', 'data-page') === `1/${pages}`, 'after the last screen, the first again');
  await context.close();
}

await browser.close();
if (problems.length) throw new Error(`the public page reported errors:\n${problems.join('\n')}`);
console.log(`public results: ${checks.count} checks passed`);
