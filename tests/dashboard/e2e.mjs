// The dashboard as its users work with it, in Debian's Chromium (run by e2e.sh, which sets up the
// site and the server). Every check compares what the page shows with what the API answers for
// the same question, or with the store itself; screenshots of each page go to E2E_SHOTS.
import { chromium } from 'playwright-core';
import JSZip from 'jszip';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { submitSignIn, isLogin } from './harness.mjs';

const url = process.env.E2E_URL;
const shots = process.env.E2E_SHOTS;
const ownCode = process.env.E2E_OWN_CODE;
const otherCode = process.env.E2E_OTHER_CODE;
const db = process.env.E2E_DB;
const users = {
  admin: ['e2e.admin', 'quản-trị-e2e-2026'],
  manager: ['e2e.manager', 'lãnh-đạo-e2e-2026'],
  analyst: ['e2e.analyst', 'phân-tích-e2e-2026'],
};
const desktop = { width: 1366, height: 768 };
const phone = { width: 390, height: 844 };
let checks = 0;

function check(ok, what) {
  if (!ok) throw new Error(`FAIL: ${what}`);
  checks++;
}
const sql = (query) => execFileSync('sqlite3', [db, query], { encoding: 'utf8' }).trim();

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const problems = [];

async function session(lang = 'vi', viewport = desktop) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, acceptDownloads: true, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' });
  await context.addInitScript((l) => localStorage.setItem('hailong.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Every failed request is a problem, except those a check provokes on purpose: 401 before
  // signing in, a sign-in limit waited out, 403 and 404 of the access checks, 400 for a code that
  // is not a tracking code.
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    const expected = (r.status() === 401 && /^\/api\/v1\/(me|login)$/.test(path)) || (r.status() === 429 && isLogin(r)) || r.status() === 403 || r.status() === 404 ||
      (r.status() === 400 && (path.startsWith('/api/v1/public/complaints/') || path === '/api/v1/settings'));
    if (r.status() >= 400 && !expected) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`); });
  return { context, page };
}

async function login(page, role) {
  await page.goto(`${url}/`);
  await submitSignIn(page, users[role][0], users[role][1]);
  await page.waitForSelector('body.signed-in #user:not([hidden])', { state: 'attached' });
}

// The API as the page's session sees it.
const api = (page, path) => page.evaluate(async (p) => {
  const r = await fetch(p, { headers: { 'Accept-Language': document.documentElement.lang } });
  return { status: r.status, body: r.headers.get('content-type')?.includes('json') ? await r.json() : await r.text() };
}, path);

// A screenshot of the whole page, or of the first screen only for the long tables.
async function shot(page, name, { full = true } = {}) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: full });
}

// The overview is complete when its two cards of movers, asked for after the first paint, are filled.
const moversDrawn = (page) => page.waitForFunction(() => document.querySelectorAll('[data-ready=true]').length === 2);

async function view(page, hash, selector = 'main section') {
  await page.goto(`${url}/${hash}`);
  await page.waitForSelector(selector);
  await page.waitForLoadState('networkidle');
}

// --- a wrong password, then the admin ---------------------------------------------------------
{
  const { context, page } = await session('vi');
  await page.goto(`${url}/`);
  await page.fill('input[name=name]', users.admin[0]);
  await page.fill('input[name=password]', 'sai-mật-khẩu');
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('form.login .error:not(:empty)');
  check((await page.textContent('form.login .error')).length > 5, 'a wrong password is refused with a message');
  // Signed out, nothing of the signed-in header shows: neither the menu nor "Đăng xuất".
  for (const sel of ['#nav', '#logout', '#user'])
    check(!(await page.isVisible(sel)), `${sel} is not shown on the sign-in screen`);
  await shot(page, 'login-refused-vi');
  await context.close();
}

const month = process.env.E2E_TODAY.slice(0, 7);
const [y, m] = month.split('-').map(Number);
const monthEnd = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
const range = `from=${month}-01&to=${monthEnd}`;

{
  const { context, page } = await session('vi');
  await login(page, 'admin');
  // Overview: the figures of the month, the chart, the heat map, the alerts.
  await page.waitForSelector('.kpi-value');
  await page.waitForSelector('canvas');
  const deps = (await api(page, `/api/v1/indices?group=department&${range}`)).body;
  const responses = deps.groups.reduce((a, g) => a + g.responses, 0);
  const shown = await page.textContent('.kpis .card:first-child .kpi-value');
  check(Number(shown.replace(/\D/g, '')) === responses, `overview responses ${shown} = API ${responses}`);
  const heatCells = await page.$$eval('table.heat td:not(.empty)', (tds) => tds.map((td) => Number(td.textContent.replace(/\D/g, ''))));
  check(heatCells.reduce((a, b) => a + b, 0) === responses, `the heat map's cells add up to the month's ${responses} responses`);
  const alertsAnswer = (await api(page, '/api/v1/alerts')).body;
  const alerts = alertsAnswer.alerts;
  const alertTotal = Object.values(alertsAnswer.counts).reduce((a, b) => a + b, 0);
  check(alertTotal === alerts.length, `the counts of the alerts add up (${alertTotal})`);
  // Each kind of alert under its own heading with its count, its first five listed, so that low
  // rates are not buried under harassment reports; every alert a link to what it is about.
  for (const kind of ['harassment', 'low_rate', 'kiosk_silent']) {
    const mine = alerts.filter((a) => a.kind === kind);
    const block = page.locator(`.alert-kind[data-kind=${kind}]`);
    if (!alertsAnswer.counts[kind]) { check(await block.count() === 0, `no ${kind} heading without alerts`); continue; }
    check(Number((await block.locator('h3 .badge').textContent()).replace(/\D/g, '')) === alertsAnswer.counts[kind], `${kind}: the heading counts ${alertsAnswer.counts[kind]}`);
    check(await block.locator('li.alert').count() === Math.min(5, mine.length), `${kind}: the first five are listed`);
    check(await block.locator('li.alert a').count() === Math.min(5, mine.length), `${kind}: every alert is a link`);
    if (alertsAnswer.counts[kind] > 5) check((await block.locator('.more').textContent()).includes(`Xem cả ${alertsAnswer.counts[kind]}`), `${kind}: the rest are a link away`);
  }
  check(alerts.some((a) => a.kind === 'kiosk_silent'), 'the silent kiosks of the fleet raise alerts');
  {
    // A silent kiosk's alert opens the fleet on that kiosk alone.
    const silent = alerts.find((a) => a.kind === 'kiosk_silent');
    await page.click(`.alert-kind[data-kind=kiosk_silent] li.alert a >> nth=0`);
    await page.waitForSelector('main table tbody tr');
    const ids = await page.$$eval('main table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    check(ids.length === 1 && ids[0] === silent.subject, `the alert opens the fleet on ${silent.subject} (${ids})`);
    check((await page.inputValue('input.table-search')) === silent.subject, 'the kiosk is typed in the fleet\'s search box');
    await page.goBack();
    await page.waitForSelector('.alert-kind');
    const harassment = alerts.find((a) => a.kind === 'harassment');
    if (harassment) check(await page.getAttribute('.alert-kind[data-kind=harassment] li.alert a >> nth=0', 'href') === `#/complaint/${encodeURIComponent(harassment.subject)}`, 'a harassment alert opens its case');
    const low = alerts.find((a) => a.kind === 'low_rate' && a.id.startsWith('low_rate:department:'));
    if (low) check((await page.getAttribute('.alert-kind[data-kind=low_rate] li.alert a >> nth=0', 'href')).startsWith('#/'), 'a low-rate alert opens its unit');
  }
  // The departments card holds the ten ranked lowest, worst first, as the API ranks them.
  {
    const ranked = deps.groups.filter((g) => g.rank != null).sort((a, b) => b.rank - a.rank).slice(0, 10).map((g) => g.name);
    const listed = await page.$$eval('[data-test=lowest-departments] table tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent));
    check(JSON.stringify(listed) === JSON.stringify(ranked), `the lowest ten, worst first: ${listed.slice(0, 3)}…`);
  }
  check(await page.textContent('#nav a[data-view=rankings]') === 'Xếp hạng', 'the navigation is in Vietnamese');
  await moversDrawn(page);
  await shot(page, 'overview-vi');

  // Rankings of officers: the table is the API's, ranked, with the suppressed marked.
  await view(page, `#/rankings?preset=this_year&group=officer`, 'main table tbody tr');
  const year = (await api(page, `/api/v1/indices?group=officer&from=${y}-01-01&to=${y}-12-31`)).body;
  const rows = await page.$$eval('main table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
  check(rows.length === year.groups.length, `rankings list every officer (${rows.length} of ${year.groups.length})`);
  // Worst first: the ranks from the highest down, then the groups without a rank.
  const ranked = year.groups.filter((g) => g.rank != null);
  const worst = ranked.reduce((a, g) => (g.rank > a.rank ? g : a));
  check(rows[0][0] === String(worst.rank) && rows[0][1] === worst.name, `the first row is the API's last rank ${worst.rank}: ${rows[0][1]}`);
  const shownRanks = rows.map((r) => (r[0] === '–' ? null : Number(r[0])));
  check(shownRanks.slice(0, ranked.length).every((r, i, a) => r !== null && (i === 0 || a[i - 1] >= r)) && shownRanks.slice(ranked.length).every((r) => r === null),
    'ranks go down the table, the unranked last');
  const suppressed = year.groups.filter((g) => g.suppressed).length;
  check((await page.$$('tr.suppressed')).length === suppressed, `${suppressed} groups marked "not enough responses"`);
  check(await page.getAttribute('main th:nth-child(1)', 'aria-sort') === 'descending', 'the rank column says it sorts the table, descending');
  await shot(page, 'rankings-officers-vi', { full: false });
  // A press on "Hạng" turns it round: rank 1 first, the unranked still last.
  await page.click('main th:nth-child(1) button.sort');
  const best = await page.$$eval('main table tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent.trim()));
  check(best[0] === '1' && best[ranked.length - 1] === String(worst.rank) && best.slice(ranked.length).every((r) => r === '–'), 'rank 1 first after a press on the rank heading');
  // Sorting by responses, most first, as counted by the API.
  await page.click('main th:nth-child(4) button.sort');
  const counts = await page.$$eval('main table tbody tr', (trs) => trs.map((tr) => Number(tr.children[3].textContent.replace(/\D/g, ''))));
  check(JSON.stringify(counts) === JSON.stringify(year.groups.map((g) => g.responses).sort((a, b) => b - a)), 'responses sort, most first');
  // The search: the first officer's surname typed without diacritics finds every officer whose
  // name or department holds it, worked out here with the same folding.
  const fold = (x) => x.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
  const word = fold(worst.name.split(' ').pop());
  await page.fill('input.table-search', word.toUpperCase());
  const found = await page.$$eval('main table tbody tr', (trs) => trs.map((tr) => tr.children[1].textContent.trim()));
  const depNames = new Map((await api(page, '/api/v1/organisation')).body.departments.map((d) => [d.code, d.name]));
  const expectedFound = year.groups.filter((g) => fold(`${g.name} ${g.key ?? ''} ${depNames.get(g.department) || ''}`).includes(word));
  check(found.length === expectedFound.length && found.includes(worst.name), `"${word}" finds ${found.length} officers, as folded by hand (${expectedFound.length})`);
  const said = (await page.textContent('.table-count')).match(/[\d.]+/g).map((x) => Number(x.replace(/\./g, '')));
  check(said[0] === expectedFound.length && said[1] === year.groups.length, `the count of rows found is said: ${said}`);
  await shot(page, 'rankings-search-vi', { full: false });

  // CSV of the departments' ranking, as downloaded from the page.
  await view(page, `#/rankings?${range}&preset=custom`, 'main table tbody tr');
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.click('a.button[download]')]);
  const csv = readFileSync(await csvDownload.path(), 'utf8');
  check(csv.charCodeAt(0) === 0xfeff, 'the CSV starts with a byte-order mark');
  const csvLines = csv.slice(1).trim().split('\r\n');
  check(csvLines.length === deps.groups.length + 1, `the CSV has a header and ${deps.groups.length} rows (has ${csvLines.length})`);
  check(csvLines.slice(1).some((l) => l.includes(deps.groups[0].name)), 'the CSV names the departments');
  await shot(page, 'rankings-departments-vi');

  // Drill-down: department → officer → ratings with comments.
  await page.click('main table tbody tr td:nth-child(2) a >> nth=0');
  await page.waitForSelector('nav.crumbs');
  await page.waitForSelector('main .card h2');
  await page.waitForLoadState('networkidle');
  const dep = new URLSearchParams(page.url().split('?')[1]).get('department');
  await shot(page, 'drill-department-vi');
  await page.click('main .card table tbody tr td:nth-child(2) a >> nth=0');
  await page.waitForFunction(() => document.querySelectorAll('nav.crumbs span').length === 1);
  await page.waitForLoadState('networkidle');
  const officer = new URLSearchParams(page.url().split('?')[1]).get('officer');
  const listed = (await api(page, `/api/v1/submissions?department=${dep}&officer=${officer}&${range}&limit=50`)).body.submissions;
  const shownRows = await page.$$eval('main .card:last-child table tbody tr', (trs) => trs.length).catch(() => 0);
  check(shownRows === listed.length, `the officer's ratings: ${shownRows} shown, ${listed.length} from the API`);
  const stored = Number(sql(`SELECT count(*) FROM submissions WHERE department = '${dep}' AND officer = '${officer}'
                             AND created_at_us >= (strftime('%s', '${month}-01') - 7 * 3600) * 1000000`));
  check(listed.length === Math.min(50, stored), `the API lists the newest 50 of the ${stored} stored`);
  await shot(page, 'drill-officer-vi');

  // Fleet.
  await view(page, '#/fleet', 'main table tbody tr');
  const fleet = (await api(page, '/api/v1/fleet')).body;
  check(await page.$$eval('main table tbody tr', (t) => t.length) === fleet.kiosks.length, `every kiosk listed (${fleet.kiosks.length})`);
  check(await page.$$eval('tr.offline', (t) => t.length) === fleet.kiosks.filter((k) => !k.online && !k.revoked).length, 'offline kiosks highlighted');
  {
    // Kiosks in trouble first: every offline one at the top, the longest silent first (a kiosk
    // never heard from before all), worked out here from the API's own fields.
    const offline = fleet.kiosks.filter((k) => !k.online && !k.revoked).sort((a, b) => (b.silent_seconds ?? Infinity) - (a.silent_seconds ?? Infinity));
    const order = await page.$$eval('main table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    check(offline.length > 0 && offline.every((k, i) => order[i] === k.kiosk_id || offline[i].silent_seconds === k.silent_seconds),
      `the ${offline.length} offline kiosks first, longest silent first`);
  }
  // e2e.sh set one kiosk's clock 5 minutes fast: counted, said above the table, its drift marked.
  check(fleet.clock_problems === 1 && fleet.kiosks.filter((k) => k.clock_problem).length === 1, `one kiosk with its clock off (${fleet.clock_problems})`);
  check((await page.textContent('[data-test=clock-problems]')).includes('1 ki-ốt có đồng hồ lệch quá 2 phút'), 'the clock problem is said on the page');
  check(await page.$$eval('main table tbody td span.bad[title]', (t) => t.filter((x) => x.textContent.includes('300')).length) === 1, 'the kiosk\'s drift is marked');
  await shot(page, 'fleet-vi', { full: false });

  // The roster (issue 20): e2e.sh signed the kiosk's first officer in at 07:00 and out at 17:30
  // on its busiest day; the administrator corrects the sign-in to the second officer from the page.
  {
    const kiosk = process.env.E2E_ROSTER_KIOSK, second = process.env.E2E_ROSTER_SECOND, day = process.env.E2E_ROSTER_DAY;
    await view(page, `#/roster?kiosk=${kiosk}&from=${day}&to=${day}`, 'main table tbody tr');
    const entryRows = () => page.locator('main table').first().locator('tbody tr');
    check(await entryRows().count() === 2, 'the roster lists the two entries of the day');
    await entryRows().nth(1).locator('button').click();  // newest first: the 07:00 sign-in
    await page.selectOption('select[name=fix_officer]', second);
    await page.fill('input[name=fix_reason]', 'Quét nhầm thẻ của đồng nghiệp');
    await shot(page, 'roster-fix-vi');
    await page.click('form[data-test=roster-fix] button[type=submit]');
    await page.waitForFunction(() => document.querySelector('main table tbody')?.querySelectorAll('tr').length === 3);
    const body = (await api(page, `/api/v1/roster?kiosk=${kiosk}`)).body;
    const last = body.corrections[body.corrections.length - 1];
    check(last.actor === 'e2e.admin' && last.reason === 'Quét nhầm thẻ của đồng nghiệp' && last.added.officer === second,
      'the correction is logged with the administrator, the reason and the new officer');
    // Worked out from the store itself: the kiosk's ratings made from 07:00 to 17:30 that day.
    const start = Date.parse(`${day}T07:00:00+07:00`) * 1000, end = Date.parse(`${day}T17:30:00+07:00`) * 1000;
    const inShift = Number(sql(`SELECT count(*) FROM submissions WHERE kiosk_id = '${kiosk}' AND created_at_us >= ${start} AND created_at_us < ${end}`));
    const nowSecond = Number(sql(`SELECT count(*) FROM submissions WHERE kiosk_id = '${kiosk}' AND created_at_us >= ${start} AND created_at_us < ${end}
                                  AND officer = '${second}' AND officer_source = 'roster'`));
    check(inShift > 0 && last.moved === inShift && nowSecond === inShift, `the ${inShift} ratings of the shift moved to the second officer (${last.moved})`);
    check(await page.isVisible('text=Nhật ký sửa lịch trực'), 'the corrections log is on the page');
    await shot(page, 'roster-vi');
  }

  // A complaint: assign, start, reply, resolve; every step in the audit log.
  await view(page, '#/complaints', 'main table tbody tr');
  await shot(page, 'complaints-vi');
  // The backlog is visible: the total beside the page, paging, the open and overdue counts.
  {
    // The page opens on the open cases, the longest waiting first.
    const listed = (await api(page, '/api/v1/complaints?status=open&order=oldest&limit=100')).body;
    const codes = await page.$$eval('main table tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
    check(JSON.stringify(codes) === JSON.stringify(listed.complaints.map((c) => c.tracking_code)), 'the list is the open cases, oldest first, as the API orders them');
    const made = listed.complaints.map((c) => Date.parse(c.created_at));
    check(made.every((x, i) => i === 0 || made[i - 1] <= x), 'the oldest first, by the dates themselves');
    const digits = (text) => Number(text.replace(/\D/g, ''));
    const count = await page.textContent('.paging-count');
    check(digits(count.trim().split(/\s+/).pop()) === listed.total, `the list shows its total ${listed.total}: "${count}"`);
    check(digits(await page.textContent('.backlog .kpi:nth-child(1) .kpi-value')) === listed.summary.open, `open cases ${listed.summary.open} shown`);
    check(digits(await page.textContent('.backlog .kpi:nth-child(2) .kpi-value')) === listed.summary.overdue, `overdue cases ${listed.summary.overdue} shown`);
    const a = listed.summary.ageing;
    check(a.days_0_7 + a.days_8_30 + a.days_over_30 === listed.summary.open, 'the ageing buckets add up to the open cases');
    if (listed.total > 100) {
      await page.click('.paging button:last-of-type');
      await page.waitForFunction(() => /^\D*101\D/.test(document.querySelector('.paging-count')?.textContent || ''));
      check((await page.$$('main table tbody tr')).length === Math.min(100, listed.total - 100), 'the second page holds the next cases');
      await shot(page, 'complaints-page2-vi', { full: false });
    }
  }
  await view(page, `#/complaint/${ownCode}`, 'main dl');
  await shot(page, 'complaint-new-vi');
  // The assignee is chosen from the people who may see the case, as the server lists them.
  const choices = await page.$$eval('select[name=assignee] option', (os) => os.map((o) => o.value).filter(Boolean));
  const offered = (await api(page, `/api/v1/complaints/${ownCode}`)).body.assignees;
  check(JSON.stringify(choices) === JSON.stringify(offered) && choices.includes('e2e.manager') && !choices.includes('e2e.analyst'),
    `the assignee is chosen among ${choices}`);
  await page.selectOption('select[name=assignee]', 'e2e.manager');
  await page.click('button[data-action=assign]');
  await page.waitForSelector('.status-assigned');
  await page.click('button[data-action=start]');
  await page.waitForSelector('h1 .status-in_progress');
  await page.fill('textarea[name=text]', 'Ghi chú nội bộ: đã liên hệ bộ phận một cửa.');
  await page.click('button[data-action=note]');
  await page.waitForFunction(() => document.querySelectorAll('main > section > .card:last-child tbody tr').length >= 3);
  await page.fill('textarea[name=text]', 'Đơn vị đã kiểm tra và xin lỗi Ông/Bà; hồ sơ đã được trả kết quả ngày hôm nay.');
  await page.click('button[data-action=reply]');
  await page.waitForFunction(() => document.body.textContent.includes('hồ sơ đã được trả kết quả'));
  check((await page.textContent('main')).includes('Trả lời lúc'), 'the reply is dated');
  await page.click('button[data-action=resolve]');
  await page.waitForSelector('h1 .status-resolved');
  const caseNow = (await api(page, `/api/v1/complaints/${ownCode}`)).body;
  check(caseNow.status === 'resolved' && caseNow.assignee === 'e2e.manager', 'the case is resolved, assigned to the manager');
  check(caseNow.events.map((e) => e.action).join(',') === 'assign,start,note,reply,resolve', `the log: ${caseNow.events.map((e) => e.action)}`);
  check(await page.$$eval('main > section > .card:last-child tbody tr', (t) => t.length) === 5, 'the page shows the five log entries');
  check(await page.$('button[data-action=reply]') === null, 'a closed case offers no more actions');
  await shot(page, 'complaint-resolved-vi');

  // Reports: the XLSX and the indicator CSV, read back.
  await view(page, `#/reports?month=${month}`, 'a[data-download=monthly]');
  await shot(page, 'reports-vi');
  const [xlsxDownload] = await Promise.all([page.waitForEvent('download'), page.click('a[data-download=monthly]')]);
  const zip = await JSZip.loadAsync(readFileSync(await xlsxDownload.path()));
  const strings = await zip.file('xl/sharedStrings.xml')?.async('string') ?? '';
  const sheet1 = await zip.file('xl/worksheets/sheet1.xml').async('string');
  check(/BÁO CÁO/i.test(strings), 'the XLSX carries the report title in Vietnamese');
  check(strings.includes(deps.groups[0].name), `the XLSX names ${deps.groups[0].name}`);
  check(sheet1.includes(`<v>${responses}</v>`), `the XLSX holds the month's total of ${responses} responses`);
  const [indDownload] = await Promise.all([page.waitForEvent('download'), page.click('a[data-download=indicators-csv]')]);
  const indicators = readFileSync(await indDownload.path(), 'utf8');
  check(indicators.charCodeAt(0) === 0xfeff && indicators.includes('TT01.I1_TIME') && indicators.includes('PAPI'), 'the indicator CSV has stable TT 01 codes and the PAPI dimensions');

  // English.
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.querySelector('#nav a[data-view=rankings]').textContent === 'Rankings');
  await view(page, '#/overview', '.kpi-value');
  check((await page.textContent('main h1')) === 'Overview', 'the overview in English');
  await moversDrawn(page);
  await shot(page, 'overview-en');
  await view(page, '#/rankings?preset=this_year&group=department', 'main table tbody tr');
  await shot(page, 'rankings-en', { full: false });
  await view(page, `#/complaint/${ownCode}`, 'main dl');
  check((await page.textContent('h1 .badge')) === 'Resolved', 'the case status in English');
  await shot(page, 'complaint-en');
  await context.close();
}


// --- the settings page: a unit's target changes its colour ------------------------------------------
// Where a rate stands against its target, worked out here from the API's own interval and target
// (the rule of issue 19, written again independently of the server): met when the interval's lower
// bound is at or above the target, missed when its upper bound is below, uncertain otherwise.
const agencyName = 'UBND tỉnh Thái Hà (thử nghiệm)';
const byHand = (g, target) => (g.suppressed ? 'not_enough' : g.ci95[0] >= target ? 'met' : g.ci95[1] < target ? 'missed' : 'uncertain');
for (const viewport of [desktop, phone]) {
  const size = viewport === desktop ? 'desktop' : 'phone';
  const { context, page } = await session('vi', viewport);
  await login(page, 'admin');
  if (viewport === phone) {
    check(await page.$('#nav a[data-view=settings]') !== null, 'the admin has the settings page on a phone');
  } else {
    check(await page.isVisible('#nav a[data-view=settings]'), 'the admin sees the settings page in the menu');
  }
  const year = `from=${month.slice(0, 4)}-01-01&to=${process.env.E2E_TODAY}`;
  const before = (await api(page, `/api/v1/indices?group=department&${year}`)).body;
  for (const g of before.groups) check(g.target_status === byHand(g, g.target), `${g.key}: ${g.target_status} as worked by hand against ${g.target}`);
  // The unit to move: the first with enough responses whose interval does not reach 100 %.
  const unit = before.groups.find((g) => !g.suppressed && g.ci95[1] < 100);
  check(unit !== undefined, 'a department with enough responses to judge');
  // A target just above its interval's upper bound (one decimal): it must turn missed; on the
  // second pass (the phone), just at its lower bound: met.
  const target = viewport === desktop ? (Math.floor(unit.ci95[1] * 10) + 1) / 10 : Math.floor(unit.ci95[0] * 10) / 10;
  const expected = byHand(unit, target);
  check(expected === (viewport === desktop ? 'missed' : 'met'), `by hand, ${unit.key} [${unit.ci95}] against ${target} is ${expected}`);

  await view(page, '#/settings', 'form[data-test=settings-form]');
  // A target the server refuses: the message beside the field, nothing saved.
  await page.fill(`input[name="unit_targets.${unit.key}"]`, '120');
  await page.click('form[data-test=settings-form] button[type=submit]');
  await page.waitForSelector(`[data-error-for="unit_targets.${unit.key}"]:not(:empty)`);
  check((await page.getAttribute(`input[name="unit_targets.${unit.key}"]`, 'aria-invalid')) === 'true', 'the refused field is marked');
  await shot(page, `settings-refused-${size}-vi`, { full: viewport === desktop });
  check((await api(page, '/api/v1/settings')).body.unit_targets.find((u) => u.department === unit.key).target !== 120, 'a refused target is not saved');
  await page.fill(`input[name="unit_targets.${unit.key}"]`, String(target));
  await page.fill('input[name=agency_name]', agencyName);
  await page.click('form[data-test=settings-form] button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-test=settings-status]')?.textContent.startsWith('Đã lưu'));
  const saved = (await api(page, '/api/v1/settings')).body;
  check(saved.agency_name === agencyName, 'the agency name is saved');
  check(saved.unit_targets.find((u) => u.department === unit.key).target === target, `${unit.key}'s target is ${target}`);
  check(saved.changes[0].actor === users.admin[0] && saved.changes.some((c) => c.field === `unit_targets.${unit.key}` && c.new === String(target)),
    'the change is in the log with who made it');
  check((await page.textContent('main')).includes(`Chỉ tiêu riêng của ${unit.name}`), 'the page shows the change in its log, in words');
  check(!saved.changes.some((c) => c.field === 'satisfaction_target'), 'a default left as it was is not logged as a change');
  await shot(page, `settings-${size}-vi`, { full: viewport === desktop });

  // The rankings: the unit's row now in the colour and words of `expected`.
  await view(page, '#/rankings?preset=this_year&group=department', 'main table tbody tr');
  const after = (await api(page, `/api/v1/indices?group=department&${year}`)).body;
  const moved = after.groups.find((g) => g.key === unit.key);
  check(moved.target === target && moved.target_status === expected, `the API judges ${unit.key} ${moved.target_status} against ${moved.target}`);
  const names = await page.$$eval('main table tbody tr td:nth-child(2)', (tds) => tds.map((td) => td.textContent.trim()));
  const rowOf = (g) => page.locator('main table tbody tr').nth(names.indexOf(g.name));
  const row = rowOf(moved);
  check(names.filter((n) => n === moved.name).length === 1, `one row is ${moved.name}`);
  const badge = row.locator('[data-evidence]');
  check(await badge.getAttribute('data-evidence') === expected, `the ${unit.key} row shows ${expected}`);
  const words = { met: 'Đạt chỉ tiêu', missed: 'Dưới chỉ tiêu', uncertain: 'Chưa rõ' };
  check((await badge.textContent()).includes(words[expected]), `the ${unit.key} row says "${words[expected]}" beside the colour`);
  const colour = await badge.evaluate((e) => getComputedStyle(e).backgroundColor);
  check(colour === (expected === 'met' ? 'rgb(227, 244, 228)' : 'rgb(253, 231, 231)'), `the ${unit.key} badge is ${expected === 'met' ? 'green' : 'red'} (${colour})`);
  // Every other row as the API says, and the API as worked by hand.
  for (const g of after.groups) {
    check(g.target_status === byHand(g, g.target), `${g.key}: ${g.target_status} against ${g.target}, as by hand`);
    const shown = await rowOf(g).locator('[data-evidence]').count();
    check(shown === (g.suppressed ? 0 : 1), `${g.key}: an evidence mark only when there are enough responses`);
  }
  await shot(page, `rankings-targets-${size}-vi`, { full: viewport === desktop });

  // The overview's headline cards: the change against the previous period and last year.
  await view(page, '#/overview', '[data-test=kpi-rate]');
  await moversDrawn(page);
  const now = (await api(page, `/api/v1/indices?group=department&${range}`)).body.total;
  const [ly, lm] = [y - 1, m];
  const lastYearTotal = (await api(page, `/api/v1/indices?group=department&from=${ly}-${String(lm).padStart(2, '0')}-01&to=${ly}-${String(lm).padStart(2, '0')}-${String(new Date(Date.UTC(ly, lm, 0)).getUTCDate()).padStart(2, '0')}`)).body.total;
  const lastYearText = await page.textContent('[data-test=kpi-rate] [data-test=change-last_year]');
  if (!lastYearTotal.responses) check(lastYearText.includes('không có dữ liệu'), `no data last year: "${lastYearText}"`);
  check(lastYearText.includes(`/${ly}`), `the line names last year's dates: "${lastYearText}"`);
  const previousText = await page.textContent('[data-test=kpi-rate] [data-test=change-previous]');
  check(previousText.length > 10, `the change against the previous period is shown: "${previousText}"`);
  if (!now.suppressed) check(await page.locator('[data-test=kpi-rate] [data-evidence]').getAttribute('data-evidence') === now.target_status, 'the headline rate is judged as the API says');
  await shot(page, `overview-targets-${size}-vi`, { full: viewport === desktop });
  await context.close();
}

// --- managers and analysts: no settings page, and the API refuses their changes ---------------------
for (const role of ['manager', 'analyst']) {
  for (const viewport of [desktop, phone]) {
    const { context, page } = await session('vi', viewport);
    await login(page, role);
    check(await page.isHidden('#nav a[data-view=settings]'), `no settings page in the ${role}'s menu`);
    await view(page, '#/settings', 'main section');
    check(await page.$('form[data-test=settings-form]') === null, `no settings form for the ${role}`);
    const put = await page.evaluate(async () => (await fetch('/api/v1/settings', { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: '{"default_target": 1}' })).status);
    check(put === 403, `PUT /api/v1/settings is 403 for the ${role}`);
    const read = (await api(page, '/api/v1/settings')).body;
    check(read.changes === undefined && read.opening_hours === undefined, `the ${role} reads no log and no opening hours`);
    if (role === 'manager') check(read.unit_targets.every((u) => u.department === 'SCT'), 'the manager reads only SCT\'s target');
    await shot(page, `settings-${role}-${viewport === desktop ? 'desktop' : 'phone'}-vi`, { full: false });
    await context.close();
  }
}

// --- the public lookup: status and reply, nothing else ----------------------------------------
{
  const { context, page } = await session('vi', phone);
  await page.goto(`${url}/lookup.html`);
  await page.fill('#code', ownCode.toLowerCase().replace(/-/g, ' '));
  await page.click('#lookup button[type=submit]');
  await page.waitForSelector('.lookup-result');
  const text = await page.textContent('.lookup-result');
  check(text.includes('Đã giải quyết') && text.includes('hồ sơ đã được trả kết quả'), 'the citizen sees the status and the reply');
  const comment = sql(`SELECT comment FROM submissions WHERE tracking_code = '${ownCode}'`);
  const contact = sql(`SELECT contact FROM submissions WHERE tracking_code = '${ownCode}'`);
  const body = await page.textContent('body');
  check(!body.includes('Ghi chú nội bộ'), 'the internal note is not shown');
  check(!comment || !body.includes(comment), 'the comment is not shown');
  check(!contact || !body.includes(contact), 'the phone number is not shown');
  const raw = await (await context.request.get(`${url}/api/v1/public/complaints/${ownCode}`)).json();
  check(JSON.stringify(Object.keys(raw).sort()) === '["agency_name","replied_at","reply","status","tracking_code"]', `the public answer holds only code, status, reply, its date and the agency's name: ${Object.keys(raw)}`);
  check(text.includes('Trả lời lúc'), 'the citizen sees when the answer was given');
  check(raw.agency_name === agencyName && (await page.textContent('.lookup-result')).includes(agencyName), 'the lookup page names the agency set on the settings page');
  await shot(page, 'lookup-phone-vi');
  await page.fill('#code', 'ZZZ-ZZZZ-2');
  await page.click('#lookup button[type=submit]');
  await page.waitForSelector('#result .error');
  await shot(page, 'lookup-unknown-phone-vi');
  await context.close();
}

// --- the manager: their department only ---------------------------------------------------------
{
  const { context, page } = await session('vi');
  await login(page, 'manager');
  await page.waitForSelector('.kpi-value');
  check(await page.$$eval('select[name=department] option', (o) => o.map((x) => x.value).join()) === 'SCT', 'the manager chooses among their own department only');
  await moversDrawn(page);
  await shot(page, 'overview-manager-vi');
  for (const path of [`/api/v1/submissions?department=STP`, `/api/v1/indices?group=officer&department=STP&${range}`, `/api/v1/fleet?department=STP`]) {
    check((await api(page, path)).status === 403, `${path} is 403 for the manager`);
  }
  check((await api(page, `/api/v1/complaints/${otherCode}`)).status === 404, 'another department\'s case is 404, as if it did not exist');
  const officers = (await api(page, `/api/v1/indices?group=officer&${range}`)).body.groups;
  check(officers.length > 0 && officers.every((g) => g.department === 'SCT'), 'the manager\'s officer ranking holds SCT only');
  const org = (await api(page, '/api/v1/organisation')).body;
  check(org.departments.length === 1 && org.officers.every((o) => o.department === 'SCT'), 'the organisation is SCT only');
  const fleet = (await api(page, '/api/v1/fleet')).body;
  check(fleet.kiosks.every((k) => k.department === 'SCT'), 'the manager\'s fleet is SCT only');
  const roster = (await api(page, '/api/v1/roster')).body;
  const sctKiosks = new Set(org.kiosks.map((k) => k.kiosk_id));
  check(roster.entries.length > 0 && roster.entries.every((e) => sctKiosks.has(e.kiosk)), 'the manager\'s roster is SCT\'s kiosks only');
  await view(page, '#/roster', 'main table tbody tr');
  check(await page.isHidden('form[data-test=roster-fix]'), 'a manager reads the roster but cannot correct it');
  await shot(page, 'roster-manager-vi');
  const list = (await api(page, '/api/v1/complaints?limit=500')).body.complaints;
  check(list.every((c) => c.department === 'SCT'), 'the manager\'s complaints are SCT only');
  const alerts = (await api(page, '/api/v1/alerts')).body.alerts;
  check(alerts.every((a) => a.department === 'SCT'), 'the manager\'s alerts are SCT only');
  await view(page, '#/drill?department=STP', 'main .error');
  await shot(page, 'drill-forbidden-manager-vi');
  await view(page, '#/drill?department=SCT', 'main .card');
  await shot(page, 'drill-manager-vi');
  await context.close();
}

// --- the analyst: aggregates, no comments ----------------------------------------------------------
{
  const { context, page } = await session('en');
  await login(page, 'analyst');
  await page.waitForSelector('.kpi-value');
  check(await page.isHidden('#nav a[data-view=complaints]'), 'no complaints page for the analyst');
  check(await page.isHidden('#nav a[data-view=roster]'), 'no roster page for the analyst');
  check((await api(page, '/api/v1/roster')).status === 403, 'the roster API is 403 for the analyst');
  check((await api(page, '/api/v1/submissions?department=SCT')).status === 403, 'no single ratings for the analyst');
  check((await api(page, `/api/v1/complaints/${ownCode}`)).status === 403, 'no complaint case for the analyst');
  check((await api(page, '/api/v1/alerts')).body.alerts.every((a) => a.kind !== 'harassment'), 'no harassment alerts (they name a case) for the analyst');
  await view(page, '#/drill?department=SCT', 'main .card');
  check((await page.textContent('main')).includes('aggregates only'), 'the drill-down says why no ratings are shown');
  await shot(page, 'drill-analyst-en');
  await context.close();
}

// --- phone-sized pages ------------------------------------------------------------------------------
{
  const { context, page } = await session('vi', phone);
  await login(page, 'admin');
  await page.waitForSelector('.kpi-value');
  await moversDrawn(page);
  await shot(page, 'overview-phone-vi');
  // The header is one line of at most 80 px; the menu is behind its button.
  const headerHeight = await page.evaluate(() => document.querySelector('header.top').getBoundingClientRect().height);
  check(headerHeight <= 80, `the phone's header is ${headerHeight} px high`);
  check(!(await page.isVisible('#nav a[data-view=rankings]')) && !(await page.isVisible('#logout')), 'the menu and sign-out wait behind the menu button');
  await page.click('#menu');
  check(await page.getAttribute('#menu', 'aria-expanded') === 'true' && await page.isVisible('#nav a[data-view=rankings]') && await page.isVisible('#logout'), 'the menu opens');
  check(await page.evaluate(() => document.querySelector('header.top').getBoundingClientRect().height) === headerHeight, 'the open menu lies over the page, the header keeps its height');
  await shot(page, 'menu-open-phone-vi', { full: false });
  await page.click('#nav a[data-view=rankings]');
  await page.waitForSelector('main table tbody tr');
  check(!(await page.isVisible('#nav a[data-view=rankings]')), 'a choice closes the menu');
  await view(page, '#/rankings?preset=this_year', 'main table');
  // Each ranked department a card: every cell under its column's name, nothing wider than the phone.
  const layout = await page.evaluate(() => ({
    display: getComputedStyle(document.querySelector('main table tbody tr')).display,
    label: getComputedStyle(document.querySelector('main table tbody td:nth-child(4)'), '::before').content,
    width: document.documentElement.scrollWidth,
  }));
  check(layout.display === 'block' && layout.label.includes('Tỷ lệ hài lòng (khoảng tin cậy 95 %)') && layout.width <= 390, `the rows are cards (${JSON.stringify(layout)})`);
  // The order is one list in one line, where the headings' buttons took three: worst first as on
  // the desktop, then the most responses first, as the API counts them.
  const sortLine = await page.evaluate(() => {
    const label = document.querySelector('main label.table-sort');
    return { height: label.getBoundingClientRect().height, thead: getComputedStyle(document.querySelector('main table thead')).display };
  });
  check(sortLine.height <= 48 && sortLine.thead === 'none', `the order is one line and the headings hidden (${JSON.stringify(sortLine)})`);
  check((await page.inputValue('main select.sort-choice')) === '0:desc', 'the phone opens worst first, as the desktop');
  await page.selectOption('main select.sort-choice', '2:desc');  // rank, department, responses
  const phoneYear = (await api(page, `/api/v1/indices?group=department&from=${month.slice(0, 4)}-01-01&to=${process.env.E2E_TODAY}`)).body;
  const phoneCounts = await page.$$eval('main table tbody tr', (trs) => trs.map((tr) => Number(tr.children[2].textContent.replace(/\D/g, ''))));
  check(JSON.stringify(phoneCounts) === JSON.stringify(phoneYear.groups.map((g) => g.responses).sort((a, b) => b - a)), 'the list sorts the cards, most responses first');
  await shot(page, 'rankings-phone-vi', { full: false });
  await view(page, `#/complaint/${ownCode}`, 'main dl');
  await shot(page, 'complaint-phone-vi');
  await view(page, '#/fleet', 'main table');
  await shot(page, 'fleet-phone-vi', { full: false });
  await context.close();
}

await browser.close();
if (problems.length) throw new Error(`the pages reported errors:\n${problems.join('\n')}`);
console.log(`dashboard: ${checks} checks passed`);
