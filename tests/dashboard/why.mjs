// The why of the drill-down (views/why.js, GET /api/v1/why) in Debian's Chromium, run by e2e.sh on
// the same generated site and server as e2e.mjs: the SCT manager in Vietnamese and the analyst in
// English, at 1366×768 and 390×844. What the page shows is compared with the store itself: the
// ratings asked why and each reason's count by SQL over the last three months' unflagged ratings; the
// comments' most frequent words by a tokeniser written here in JavaScript (NFC, lower case,
// letters, marks and digits; the stop words of assets/why/stopwords_vi.txt), independent of the
// server's C++. Screenshots of the card go to E2E_SHOTS, to be looked at.
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { checker, signedIn as harnessSignedIn } from './harness.mjs';

const url = process.env.E2E_URL;
const shots = process.env.E2E_SHOTS;
const db = process.env.E2E_DB;
const today = process.env.E2E_TODAY;
const users = { manager: ['e2e.manager', 'lãnh-đạo-e2e-2026'], analyst: ['e2e.analyst', 'phân-tích-e2e-2026'] };
const here = dirname(fileURLToPath(import.meta.url));
const { check, checks } = checker();
const problems = [];
const sql = (query) => execFileSync('sqlite3', ['-separator', '|', db, query], { encoding: 'utf8' }).trim();

// The last three whole months: at most 92 days, under the why's bound of 93.
const [y, m] = today.split('-').map(Number);
const first = new Date(Date.UTC(y, m - 4, 1));
const last = new Date(Date.UTC(y, m - 1, 0));
const isoDay = (d) => d.toISOString().slice(0, 10);
const from = isoDay(first);
const to = isoDay(last);
const dayNumber = (d) => Math.round(d.getTime() / 86400000);
// SCT's ratings asked why in those months, flagged ones left out (columns of the table `s` when given).
const askedWhy = (s = '') => `${s}department = 'SCT' AND ${s}flags = 0 AND ${s}local_day BETWEEN ${dayNumber(first)} AND ${dayNumber(last)}
  AND (${s}value < ${s}scale - 1 OR ${s}harassment = 1 OR ${s}reasons <> '[]' OR ${s}comment IS NOT NULL)`;
const asked = askedWhy();

function expectedReasons(where) {
  const out = new Map();
  const rows = sql(`SELECT j.value, count(DISTINCT s.rowid) FROM submissions AS s, json_each(s.reasons) AS j WHERE ${where} GROUP BY j.value`);
  for (const line of rows ? rows.split('\n') : []) {
    const [code, n] = line.split('|');
    out.set(code, Number(n));
  }
  return out;
}

// The comments' words, counted once per comment, as comment_words.hpp defines them.
const stop = new Set(readFileSync(join(here, '../../assets/why/stopwords_vi.txt'), 'utf8').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
function topWords(where, top) {
  const comments = JSON.parse(execFileSync('sqlite3', ['-json', db, `SELECT comment FROM submissions WHERE ${where} AND comment IS NOT NULL`],
    { encoding: 'utf8' }) || '[]');
  const counts = new Map();
  for (const { comment } of comments) {
    const words = new Set(comment.normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u)
      .filter((w) => w && !/^[0-9]+$/.test(w) && !stop.has(w)));
    for (const w of words) counts.set(w, (counts.get(w) || 0) + 1);
  }
  const bytes = (s) => Buffer.from(s, 'utf8');
  return [...counts].sort((a, b) => b[1] - a[1] || Buffer.compare(bytes(a[0]), bytes(b[0]))).slice(0, top);
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const signedIn = (role, lang, viewport) => harnessSignedIn(browser, url, users[role], problems, { lang, viewport });
async function openWhy(page, officer) {
  await page.goto(`${url}/#/drill?department=SCT${officer ? `&officer=${officer}` : ''}&from=${from}&to=${to}`);
  await page.waitForSelector('[data-test=why]');
  await page.waitForLoadState('networkidle');
}
// The reasons as the page shows them: code -> count.
const shownReasons = (page) => page.$$eval('[data-test=why-reasons] tbody tr', (rows) => rows.map((r) => [
  r.querySelector('[data-code]').dataset.code, Number(r.querySelector('[data-test=why-count]').textContent.replace(/\D/g, ''))]));
function sameReasons(shown, expected, who) {
  check(shown.length === expected.size, `${who}: ${shown.length} reasons shown, ${expected.size} in the store`);
  for (const [code, n] of shown) check(expected.get(code) === n, `${who}: reason ${code} shows ${n}, the store has ${expected.get(code)}`);
  for (let i = 1; i < shown.length; i++) check(shown[i - 1][1] >= shown[i][1], `${who}: reasons most first`);
}
const fitsWidth = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
async function shotWhy(page, name) {
  await page.locator('[data-test=why]').screenshot({ path: join(shots, `${name}.png`) });
}

// --- the manager, desktop, Vietnamese ------------------------------------------------------------
{
  const { context, page } = await signedIn('manager', 'vi', { width: 1366, height: 768 });
  await openWhy(page);
  const n = Number(sql(`SELECT count(*) FROM submissions WHERE ${asked}`));
  check(n > 0, 'the generated site has ratings asked why in SCT in those months');
  check((await page.textContent('[data-test=why-reasons] p')).replace(/\./g, '').includes(String(n)), `the card says ${n} ratings were asked why`);
  sameReasons(await shownReasons(page), expectedReasons(askedWhy('s.')), 'SCT');
  const api = await page.evaluate(async (q) => (await fetch(`/api/v1/why?${q}`)).json(), `department=SCT&from=${from}&to=${to}`);
  check(api.asked === n, `the API counts ${api.asked} asked, SQL ${n}`);
  // The words: the first ten, as this file's own tokeniser counts them, over the comments that
  // explain a complaint (below the top two levels, a harassment report, or reasons); a satisfied
  // rating with only a comment is praise, left out and counted.
  const explains = `${asked} AND (value < scale - 1 OR harassment = 1 OR reasons <> '[]')`;
  const praise = Number(sql(`SELECT count(*) FROM submissions WHERE ${asked} AND comment IS NOT NULL
    AND value >= scale - 1 AND IFNULL(harassment, 0) = 0 AND reasons = '[]'`));
  check(api.words.praise_left_out === praise, `the API leaves out ${api.words.praise_left_out} comments of praise, SQL ${praise}`);
  if (praise > 0) check((await page.textContent('[data-test=why-words]')).replace(/\./g, '').includes(`Không tính ${praise} ý kiến`), 'the card says how many were left out');
  const want = topWords(explains, 10);
  const shown = await page.$$eval('[data-test=why-single] li', (items) => items.map((li) => [li.querySelector('a').dataset.term, Number(/\(([^()]*)\)$/.exec(li.textContent)[1].replace(/\D/g, ''))]));
  check(want.length > 0 && shown.length === want.length, `${shown.length} words shown, ${want.length} expected`);
  for (let i = 0; i < want.length; i++) check(shown[i][0] === want[i][0] && shown[i][1] === want[i][1], `word ${i + 1}: shown ${shown[i]}, expected ${want[i]}`);
  check((await page.$$('[data-test=why-phrases] li a')).length > 0, 'two-word phrases are shown');
  check(await page.$('[data-test=why] canvas') !== null, 'the trend is drawn');
  await shotWhy(page, 'why-manager-1366-vi');
  // A word opens the comments holding it: as many as counted, each holding it.
  await page.click(`[data-test=why-single] a[data-term="${want[0][0]}"]`);
  await page.waitForSelector('[data-test=why-filter]');
  await page.waitForLoadState('networkidle');
  const filter = await page.textContent('[data-test=why-filter]');
  check(filter.replace(/\./g, '').includes(`${want[0][1]} phiếu`), `the filter says ${want[0][1]} ratings: ${filter}`);
  const comments = await page.$$eval('[data-test=submissions] tbody td.text', (cells) => cells.map((c) => c.textContent));
  check(comments.length === Math.min(50, want[0][1]), `${comments.length} comments listed for "${want[0][0]}"`);
  for (const c of comments) check(c.normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).includes(want[0][0]), `"${c}" holds "${want[0][0]}"`);
  await page.locator('[data-test=submissions]').screenshot({ path: join(shots, 'why-manager-term-1366-vi.png') });
  await context.close();
}

// --- the manager on a phone, one officer ---------------------------------------------------------
{
  const officer = sql(`SELECT officer FROM submissions WHERE ${asked} AND officer IS NOT NULL GROUP BY officer ORDER BY count(*) DESC, officer LIMIT 1`);
  const { context, page } = await signedIn('manager', 'vi', { width: 390, height: 844 });
  await openWhy(page, officer);
  sameReasons(await shownReasons(page), expectedReasons(`${askedWhy('s.')} AND s.officer = '${officer}'`), officer);
  check(await fitsWidth(page), 'the phone page is no wider than the screen');
  await shotWhy(page, 'why-manager-officer-390-vi');
  await context.close();
}

// --- the analyst: reasons and the weakest index, never a word ------------------------------------
for (const viewport of [{ width: 1366, height: 768 }, { width: 390, height: 844 }]) {
  const { context, page } = await signedIn('analyst', 'en', viewport);
  await openWhy(page);
  check(await page.$('[data-test=why-words]') === null, 'the analyst sees no words of the comments');
  check(await page.$('[data-test=why-weakest]') !== null, 'the analyst sees the weakest index');
  const api = await page.evaluate(async (q) => (await fetch(`/api/v1/why?${q}`)).json(), `department=SCT&from=${from}&to=${to}`);
  check(!('words' in api), 'the API sends the analyst no words');
  const listed = await page.evaluate(async (q) => (await fetch(`/api/v1/submissions?${q}`)).status, `department=SCT&from=${from}&to=${to}&term=ch%E1%BA%ADm`);
  check(listed === 403, 'the analyst cannot list the comments of a word');
  sameReasons(await shownReasons(page), expectedReasons(askedWhy('s.')), 'SCT (analyst)');
  if (viewport.width === 390) check(await fitsWidth(page), 'the analyst\'s phone page is no wider than the screen');
  await shotWhy(page, `why-analyst-${viewport.width}-en`);
  await context.close();
}

await browser.close();
// The analyst's 403 above is asked for on purpose.
const unexpected = problems.filter((p) => !p.includes('HTTP 403 for') || !p.includes('term='));
if (unexpected.length) {
  console.error(unexpected.join('\n'));
  process.exit(1);
}
console.log(`why: ${checks.count} checks passed`);
