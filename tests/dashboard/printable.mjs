// The reports to print (views/summary.js, views/tt01.js) in Debian's Chromium, signed in as the
// admin and as the SCT manager (run by e2e.sh on the same site and server as e2e.mjs). Each is
// printed by Chromium to PDF and read back with pdftotext: the summary fits one A4 portrait page,
// the TT 01 table is A4 landscape. The TT 01 table's points are checked against the store itself:
// index 3 (contacts) of each unit is the mean of its ratings' points for that index over the
// quarter, flagged ratings left out, rounded to tenths half up (methodology.md section 2),
// worked here with integers from SQL.
import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { checker, signedIn as harnessSignedIn } from './harness.mjs';

const url = process.env.E2E_URL;
const shots = process.env.E2E_SHOTS;
const db = process.env.E2E_DB;
const today = process.env.E2E_TODAY;
const users = { admin: ['e2e.admin', 'quản-trị-e2e-2026'], manager: ['e2e.manager', 'lãnh-đạo-e2e-2026'] };
const { check, checks } = checker();
const problems = [];
const sql = (query) => execFileSync('sqlite3', ['-separator', '|', db, query], { encoding: 'utf8' }).trim();
const vi = new Intl.NumberFormat('vi-VN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const signedIn = (role) => harnessSignedIn(browser, url, users[role], problems);
// Prints the page to PDF as Chromium does for "Save as PDF"; its pages' sizes and its text.
async function printed(page, name) {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const file = join(shots, `${name}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  const [w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info).slice(1).map(Number);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(shots, name)]);
  return { pages, w, h, text };
}

const [y, m] = today.split('-').map(Number);
const quarter = Math.floor((m - 1) / 3);  // 0..3, the current quarter
const period = quarter === 0 ? `${y - 1}-Q4` : `${y}-Q${quarter}`;
const qYear = Number(period.slice(0, 4));
const qFirst = (Number(period.slice(-1)) - 1) * 3;
const dayNumber = (yy, mm, dd) => Date.UTC(yy, mm, dd) / 86400000;
const qFrom = dayNumber(qYear, qFirst, 1);
const qTo = dayNumber(qYear, qFirst + 3, 0);

// --- the admin: the quarter's TT 01 table, from the reports page --------------------------------
{
  const { context, page } = await signedIn('admin');
  await page.goto(`${url}/#/reports`);
  await page.click('a[data-report=tt01]');
  await page.waitForSelector('table.tt01-table tbody tr');
  check(page.url().includes(`period=${period}`), `the reports page opens the last finished quarter (${period})`);
  const answer = await page.evaluate(async (p) => (await fetch(`/api/v1/indices?group=department&period=${p}`)).json(), period);
  const rows = await page.$$eval('table.tt01-table tbody tr', (trs) => trs.map((tr) => ({
    unit: tr.dataset.unit, cells: [...tr.querySelectorAll('td')].map((td) => td.childNodes[0]?.textContent ?? '') })));
  check(rows.length === answer.groups.length, `one row per unit (${rows.length})`);
  const contacts = new Map(sql(`SELECT department, count(tt01_contacts), coalesce(sum(tt01_contacts), 0) FROM submissions
    WHERE flags = 0 AND tt01_contacts IS NOT NULL AND local_day BETWEEN ${qFrom} AND ${qTo} GROUP BY department`)
    .split('\n').filter(Boolean).map((l) => { const [d, n, p] = l.split('|'); return [d, { n: Number(n), points: Number(p) }]; }));
  let compared = 0;
  for (const r of rows) {
    const g = answer.groups.find((x) => x.key === r.unit);
    check(g, `${r.unit} is a unit of the answer`);
    // cells: No., 9 indices, total, forms, band
    check(r.cells[11] === new Intl.NumberFormat('vi-VN').format(g.responses), `${r.unit}: forms ${r.cells[11]} = ${g.responses}`);
    const c = contacts.get(r.unit);
    if (!g.suppressed && c && c.n > 0) {
      const tenths = Math.floor((20 * c.points + c.n) / (2 * c.n));  // round(10 * points / n), half up
      check(r.cells[3] === vi.format(tenths / 10), `${r.unit}: index 3 shows ${r.cells[3]}, the store gives ${tenths / 10} (${c.points} points over ${c.n} forms)`);
      compared++;
    }
    if (g.agency_score && !g.agency_score.suppressed && g.agency_score.value !== null && !g.agency_score.partial)
      check(r.cells[10] === vi.format(g.agency_score.value), `${r.unit}: total ${r.cells[10]} = ${g.agency_score.value}`);
  }
  check(compared > 0, `index 3 compared with the store for ${compared} units`);
  const standard = await page.$$eval('table.tt01-table tr.standard th', (ths) => ths.map((th) => th.textContent));
  check(standard.length === 10 && standard.slice(0, 9).every((s) => s === '2') && standard[9] === '18', 'standard points 2 each, 18 in all');
  await page.screenshot({ path: join(shots, 'tt01-quarter-vi.png'), fullPage: false });
  const pdf = await printed(page, 'tt01-quarter-vi');
  check(pdf.w > pdf.h && Math.abs(pdf.w - 841.89) < 2, `the table prints on A4 landscape (${pdf.w} x ${pdf.h} pt)`);
  check(pdf.text.includes('Thông tư 01/2018') && pdf.text.includes('Xếp loại'), 'the printed table has its title and columns');
  check(!pdf.text.includes('Đăng xuất') && !pdf.text.includes('Xếp hạng'), 'no menu on paper');
  // The month's summary of every unit: the five best and five worst in the ranking's order.
  await page.goto(`${url}/#/reports`);
  await page.click('a[data-report=summary]');
  await page.waitForSelector('.summary .facts');
  const month = new URL(page.url().replace('#/', '')).searchParams.get('month');
  const [yy, mm] = month.split('-').map(Number);
  const monthAnswer = await page.evaluate(async (q) => (await fetch(`/api/v1/indices?group=department&${q}`)).json(),
    `from=${month}-01&to=${new Date(Date.UTC(yy, mm, 0)).toISOString().slice(0, 10)}`);
  const ranked = monthAnswer.groups.filter((g) => g.rank !== null && !g.suppressed);
  const lists = await page.$$eval('.summary ol.units', (ols) => ols.map((ol) => [...ol.querySelectorAll('li > span:first-child')].map((s) => s.textContent)));
  check(JSON.stringify(lists[0]) === JSON.stringify(ranked.slice(0, 5).map((g) => g.name)), `the best five are the ranking's first five (${lists[0]})`);
  check(JSON.stringify(lists[1]) === JSON.stringify(ranked.slice(-5).reverse().map((g) => g.name)), `the worst five are the ranking's last five, worst first (${lists[1]})`);
  await page.screenshot({ path: join(shots, 'summary-admin-vi.png'), fullPage: true });
  const all = await printed(page, 'summary-admin-vi');
  check(all.pages === 1, `every unit's summary prints on one page too (${all.pages})`);
  await context.close();
}

// --- the SCT manager: the month's one-page summary ----------------------------------------------
{
  const { context, page } = await signedIn('manager');
  await page.goto(`${url}/#/reports`);
  await page.click('a[data-report=summary]');
  await page.waitForSelector('.summary .facts');
  const month = new URL(page.url().replace('#/', '')).searchParams.get('month');
  const [yy, mm] = month.split('-').map(Number);
  const from = `${month}-01`;
  const to = new Date(Date.UTC(yy, mm, 0)).toISOString().slice(0, 10);
  const deps = await page.evaluate(async (q) => (await fetch(`/api/v1/indices?group=department&${q}`)).json(), `from=${from}&to=${to}`);
  const n = deps.groups.reduce((a, g) => a + g.responses, 0);
  const stored = Number(sql(`SELECT count(*) FROM submissions WHERE department = 'SCT' AND flags = 0
    AND local_day BETWEEN ${dayNumber(yy, mm - 1, 1)} AND ${dayNumber(yy, mm, 0)}`));
  check(n === stored, `the manager's month holds SCT's ${stored} counted ratings (${n})`);
  const shown = await page.textContent('.summary .fact:first-child .kpi-value');
  check(Number(shown.replace(/\D/g, '')) === n, `the summary shows ${shown} responses = ${n}`);
  check((await page.textContent('.summary .lead')).includes('Sở Công Thương'), "the summary names the manager's unit, not every unit");
  const rank = deps.groups[0].rank;
  if (rank !== null) check((await page.textContent('.summary')).includes(`Xếp hạng ${rank} trong`), `the unit's rank among all units (${rank}), never re-ranked among its own`);
  await page.screenshot({ path: join(shots, 'summary-manager-vi.png'), fullPage: true });
  const pdf = await printed(page, 'summary-manager-vi');
  check(pdf.pages === 1, `the summary prints on one page (${pdf.pages})`);
  check(pdf.h > pdf.w && Math.abs(pdf.w - 595.28) < 2, `on A4 portrait (${pdf.w} x ${pdf.h} pt)`);
  check(pdf.text.includes('Báo cáo tóm tắt') && pdf.text.includes(`${String(mm).padStart(2, '0')}/${yy}`), 'the printed summary has its title and month');
  check(!pdf.text.includes('Đăng xuất') && !/\bIn\b\s*$/m.test(pdf.text.split('\n')[0]), 'no menu or print button on paper');
  await context.close();
}

await browser.close();
if (problems.length) throw new Error(`the report pages reported errors:\n${problems.join('\n')}`);
console.log(`reports to print: ${checks.count} checks passed`);
