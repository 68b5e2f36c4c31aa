// The settings page's users and kiosks, the alert thresholds and a department's own hours, as an
// administrator works with them in Debian's Chromium (run by e2e.sh after e2e.mjs, on the same
// server; it needs only the admin e2e.admin and the department SCT). At 1366×768 and 390×844:
// refused values shown beside their fields; a user added who then signs in, whose password is
// reset (their session ends, the new password works) and who is revoked (signed out, refused);
// a kiosk added whose token is shown once, copied, works against GET /api/v1/kiosk/config and
// is in no later answer or page; a new token for it, after which the old one is refused; every
// change in the log. Screenshots go to E2E_SHOTS, to be looked at.
import { chromium, request } from 'playwright-core';
import { join } from 'node:path';
import { submitSignIn, isLogin } from './harness.mjs';

const url = process.env.E2E_URL;
const shots = process.env.E2E_SHOTS;
const admin = ['e2e.admin', 'quản-trị-e2e-2026'];
const sizes = { desktop: { width: 1366, height: 768 }, phone: { width: 390, height: 844 } };
let checks = 0;
function check(ok, what) {
  if (!ok) throw new Error(`FAIL: ${what}`);
  checks++;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
// A client without a browser, as a kiosk is: its own bearer token and nothing else.
const kioskClient = await request.newContext({ ignoreHTTPSErrors: true });
const kioskConfig = async (token) => (await kioskClient.get(`${url}/api/v1/kiosk/config`, { headers: { Authorization: `Bearer ${token}` } })).status();
const problems = [];

// `ended`: this user's session is ended on purpose, so any of its requests may meet a 401.
async function session(viewport, { ended = false } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, locale: 'vi-VN' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  await context.addInitScript(() => localStorage.setItem('hailong.lang', 'vi'));
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // Refused on purpose below: 400 for the bad values, 401 for a session that was ended.
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    const expected = (r.status() === 400 && path.startsWith('/api/v1/settings')) ||
      (r.status() === 401 && (ended || /^\/api\/v1\/(me|login)$/.test(path))) || (r.status() === 429 && isLogin(r));
    if (r.status() >= 400 && !expected) problems.push(`HTTP ${r.status()} for ${r.url()}`);
  });
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`); });
  // Every question the page asks is answered yes; the test reads what it asked.
  page.on('dialog', (d) => { page.lastDialog = d.message(); d.accept(); });
  return { context, page };
}

async function signIn(page, name, password) {
  await page.goto(`${url}/`);
  const answer = await submitSignIn(page, name, password);
  if (answer.status() !== 200) return false;
  await page.waitForSelector('body.signed-in #user:not([hidden])', { state: 'attached' });
  return true;
}
const me = (page) => page.evaluate(async () => (await fetch('/api/v1/me')).status);
// The error line of a field in one form (the users' rows have password fields of their own).
const errorFor = (page, field, form = 'form') => page.textContent(`${form} [data-error-for="${field}"]`);
const addUser = 'form[data-test=user-add-form]';
async function shot(page, name) {
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}
// The settings page loaded afresh (a reload: the same address again would not draw it anew).
const settingsPage = async (page) => {
  await page.goto(`${url}/#/settings`);
  await page.reload();
  await page.waitForSelector('[data-test=users] table');
  await page.waitForSelector('[data-test=kiosks]');
};

for (const [size, viewport] of Object.entries(sizes)) {
  const { context, page } = await session(viewport);
  check(await signIn(page, ...admin), `${size}: the admin signs in`);
  await settingsPage(page);

  // --- refused values, each beside its field ----------------------------------------------------
  await page.fill('form[data-test=user-add-form] input[name=name]', "x'); DROP TABLE users;--");
  await page.fill('form[data-test=user-add-form] input[name=password]', 'mật khẩu đủ dài');
  await page.click('form[data-test=user-add-form] button[type=submit]');
  await page.waitForSelector(`${addUser} [data-error-for=name]:not(:empty)`);
  check((await errorFor(page, 'name', addUser)).startsWith('phải dài 1 đến 64 ký tự'), `${size}: a name with SQL in it is refused beside the field`);
  await page.fill('form[data-test=user-add-form] input[name=name]', `nv.moi.${size}`);
  await page.selectOption('form[data-test=user-add-form] select[name=role]', 'analyst');
  await page.fill('form[data-test=user-add-form] input[name=password]', 'ngắn');
  await page.click('form[data-test=user-add-form] button[type=submit]');
  await page.waitForFunction((f) => document.querySelector(`${f} [data-error-for=password]`)?.textContent.startsWith('phải dài ít nhất 10'), addUser);
  check(await errorFor(page, 'name', addUser) === '', `${size}: the name's error is cleared on the next try`);
  await page.fill('form[data-test=alert-form] input[name="alert_policy.window"]', '0');
  await page.click('form[data-test=alert-form] button[type=submit]');
  await page.waitForSelector('[data-error-for="alert_policy.window"]:not(:empty)');
  check((await errorFor(page, 'alert_policy.window')) === 'phải là số nguyên từ 1 đến 10000', `${size}: a window of 0 responses is refused beside the field`);
  await page.fill('form[data-test=department-hours-form] input[name="opening_hours.hours"]', 'mon-fri 25:00-26:00');
  await page.selectOption('form[data-test=department-hours-form] select', 'SCT');
  await page.click('form[data-test=department-hours-form] button[type=submit]');
  await page.waitForSelector('form[data-test=department-hours-form] [data-error-for="opening_hours.hours"]:not(:empty)');
  check((await errorFor(page, 'opening_hours.hours', 'form[data-test=department-hours-form]')).startsWith('không phải là giờ làm việc hợp lệ'), `${size}: hours past midnight are refused as the CLI refuses them`);
  await shot(page, `settings-admin-refused-${size}-vi`);
  await page.locator(addUser).screenshot({ path: join(shots, `settings-admin-user-refused-${size}-vi.png`) });
  const refusedUsers = await page.evaluate(async () => (await (await fetch('/api/v1/settings/accounts')).json()).users.map((u) => u.name));
  check(!refusedUsers.includes(`nv.moi.${size}`) && refusedUsers.every((n) => !n.includes('DROP')), `${size}: no refused user was stored`);

  // --- the thresholds and SCT's own hours, saved -----------------------------------------------
  const responses = size === 'desktop' ? 40 : 45;  // a change each time
  await page.fill('form[data-test=alert-form] input[name="alert_policy.window"]', String(responses));
  await page.click('form[data-test=alert-form] button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-test=settings-status]')?.textContent.startsWith('Đã lưu: 1'));
  await page.waitForSelector('[data-test=users] table');
  const saved = await page.evaluate(async () => (await (await fetch('/api/v1/settings')).json()));
  check(saved.alert_policy.window === responses, `${size}: the window is saved`);
  check(saved.changes[0].field === 'alert_policy', `${size}: the thresholds' change is the newest line of the log`);
  await page.fill('form[data-test=department-hours-form] input[name="opening_hours.hours"]', 'mon-fri 07:00-11:30 13:00-17:00; sat 07:30-11:30');
  await page.selectOption('form[data-test=department-hours-form] select', 'SCT');
  await page.click('form[data-test=department-hours-form] button[type=submit]');
  await page.waitForFunction(() => document.querySelector('[data-test=settings-status]')?.textContent.startsWith('Đã lưu: 1'));
  await page.waitForSelector('form[data-test=department-hours-form] table');
  check((await page.textContent('form[data-test=department-hours-form] table')).includes('sat 07:30-11:30'), `${size}: SCT's own hours are listed`);

  // --- a user added, who signs in --------------------------------------------------------------
  const name = `nv.moi.${size}`;
  await page.waitForSelector('[data-test=users] table');
  await page.fill('form[data-test=user-add-form] input[name=name]', name);
  await page.selectOption('form[data-test=user-add-form] select[name=role]', 'manager');
  await page.selectOption('form[data-test=user-add-form] select[name=departments]', ['SCT']);
  await page.fill('form[data-test=user-add-form] input[name=password]', 'mật-khẩu-ban-đầu-1');
  await page.click('form[data-test=user-add-form] button[type=submit]');
  await page.waitForFunction((n) => document.querySelector('[data-test=users-status]')?.textContent.includes(n), name, { timeout: 60000 })
    .catch(async (e) => { throw new Error(`${size}: adding ${name}: ${e.message}; the form says: ${await page.textContent('[data-test=users]')}`); });
  check((await page.textContent('[data-test=users] table')).includes(name), `${size}: the new user is listed`);
  const other = await session(viewport, { ended: true });
  check(await signIn(other.page, name, 'mật-khẩu-ban-đầu-1'), `${size}: the new user signs in with the password given`);
  check(await me(other.page) === 200, `${size}: the new user's session works`);
  await shot(page, `settings-admin-user-added-${size}-vi`);

  // --- the centre's director: every department, harassment reports as the admin sees them -------
  const director = `gd.${size}`;
  await page.fill('form[data-test=user-add-form] input[name=name]', director);
  await page.selectOption('form[data-test=user-add-form] select[name=role]', 'manager');
  await page.check('form[data-test=user-add-form] input[name=all_departments]');
  check(await page.isDisabled('form[data-test=user-add-form] select[name=departments]'), `${size}: every department disables the list`);
  await page.fill('form[data-test=user-add-form] input[name=password]', 'mật-khẩu-giám-đốc-1');
  await page.click('form[data-test=user-add-form] button[type=submit]');
  await page.waitForFunction((n) => document.querySelector('[data-test=users-status]')?.textContent.includes(n), director);
  const directorRow = await page.evaluate((n) => [...document.querySelectorAll('[data-test=users] tr')].find((r) => r.textContent.includes(n))?.textContent, director);
  check(directorRow?.includes('Tất cả các đơn vị'), `${size}: the director's row says every department: ${directorRow}`);
  // The totals of every case and of the harassment reports, as one user's session gets them.
  const totals = (p) => p.evaluate(async () => Promise.all(['', '?harassment=true'].map(async (q) => (await (await fetch(`/api/v1/complaints${q}`)).json()).total)));
  const gd = await session(viewport);
  check(await signIn(gd.page, director, 'mật-khẩu-giám-đốc-1'), `${size}: the director signs in`);
  const [theirs, admins] = [await totals(gd.page), await totals(page)];
  check(admins[0] > 0 && theirs.join() === admins.join(), `${size}: the director sees the admin's ${admins} cases and harassment reports (saw ${theirs})`);
  await gd.context.close();

  // --- their password reset: the session ends, the new password works -----------------------------
  await page.fill(`form[data-test="password-form-${name}"] input[name=password]`, 'mật-khẩu-thứ-hai-2');
  await page.click(`form[data-test="password-form-${name}"] button[type=submit]`);
  await page.waitForFunction((n) => document.querySelector('[data-test=users-status]')?.textContent.startsWith(`Đã đặt lại mật khẩu của ${n}`), name);
  check(await me(other.page) === 401, `${size}: the reset ended the user's session`);
  check(!(await signIn(other.page, name, 'mật-khẩu-ban-đầu-1')), `${size}: the old password no longer works`);
  check(await signIn(other.page, name, 'mật-khẩu-thứ-hai-2'), `${size}: the new password works`);

  // --- revoked: signed out at once, and refused -------------------------------------------------
  await page.click(`[data-test="revoke-user-${name}"]`);
  await page.waitForFunction((n) => document.querySelector('[data-test=users-status]')?.textContent.startsWith(`Đã thu hồi tài khoản ${n}`), name);
  check(page.lastDialog.startsWith(`Thu hồi tài khoản ${name}?`), `${size}: the page asked before revoking`);
  check(await me(other.page) === 401, `${size}: the revoked user's session ended`);
  check(!(await signIn(other.page, name, 'mật-khẩu-thứ-hai-2')), `${size}: the revoked user cannot sign in`);
  await other.context.close();
  check(await page.$(`[data-test="revoke-user-${admin[0]}"]`) === null, `${size}: the admin has no button to revoke themselves`);

  // --- a kiosk added: its token shown once, copied, working --------------------------------------
  const kiosk = `K-SCT-E2E-${size}`;
  await page.fill('form[data-test=kiosk-add-form] input[name=id]', kiosk);
  await page.selectOption('form[data-test=kiosk-add-form] select[name=department]', 'SCT');
  await page.click('form[data-test=kiosk-add-form] button[type=submit]');
  await page.waitForSelector('[data-test=kiosk-token]');
  const token = await page.inputValue('[data-test=kiosk-token]');
  check(/^hlk_[A-Za-z0-9_-]{43}$/.test(token), `${size}: the page shows the kiosk's token`);
  await page.click('[data-test=copy-token]');
  await page.waitForFunction(() => document.querySelector('.token-once [role=status]')?.textContent === 'Đã sao chép.');
  check(await page.evaluate(() => navigator.clipboard.readText()) === token, `${size}: the copy button puts the token on the clipboard`);
  await shot(page, `settings-admin-token-${size}-vi`);
  // The parts to look at closely, the phone's long page being too tall to read whole.
  await page.locator('[data-test=users]').screenshot({ path: join(shots, `settings-admin-users-${size}-vi.png`) });
  await page.locator('[data-test=kiosks]').screenshot({ path: join(shots, `settings-admin-kiosks-${size}-vi.png`) });
  await page.locator('form[data-test=alert-form]').screenshot({ path: join(shots, `settings-admin-alerts-${size}-vi.png`) });
  await page.locator('form[data-test=department-hours-form]').screenshot({ path: join(shots, `settings-admin-hours-${size}-vi.png`) });
  check(await kioskConfig(token) === 200, `${size}: the token opens GET /api/v1/kiosk/config`);
  // Never again: not after a reload, not in the list, not in the log.
  await settingsPage(page);
  check(!(await page.content()).includes(token) && await page.$('[data-test=kiosk-token]') === null, `${size}: the token is gone after a reload`);
  const afterwards = await page.evaluate(async () => (await fetch('/api/v1/settings/accounts')).text() + (await fetch('/api/v1/settings')).text());
  check(!afterwards.includes(token.slice(4)), `${size}: no answer holds the token again`);

  // --- the kiosks in pages of 20, a phone's cards no longer a page 200 cards long -----------------
  const fleetSize = (await page.evaluate(async () => (await (await fetch('/api/v1/settings/accounts')).json()).kiosks.length));
  const kioskRows = () => page.$$eval('[data-test=kiosks] table tbody tr', (r) => r.length);
  const pageOf = () => page.textContent('[data-test=kiosks] .table-pager .page-of');
  const pages = Math.ceil(fleetSize / 20);
  check(fleetSize > 20 && await kioskRows() === 20 && await pageOf() === `Trang 1/${pages}`, `${size}: ${fleetSize} kiosks in pages of 20 (${await kioskRows()} rows, ${await pageOf()})`);
  for (let p = 2; p <= pages; p++) await page.click('[data-test=kiosks] .table-pager .page-next');
  check(await kioskRows() === fleetSize - 20 * (pages - 1) && await pageOf() === `Trang ${pages}/${pages}`, `${size}: the last page holds the rest`);
  check(await page.isDisabled('[data-test=kiosks] .table-pager .page-next'), `${size}: no page after the last`);
  // A search starts again at the first page, and finds the kiosk wherever it was.
  await page.fill('[data-test=kiosks] input.table-search', kiosk);
  check(await kioskRows() === 1 && await pageOf() === 'Trang 1/1', `${size}: the search finds ${kiosk} on one page`);

  // --- a new token: the old one refused, the new one works ---------------------------------------
  await page.click(`[data-test="rotate-kiosk-${kiosk}"]`);
  await page.waitForSelector('[data-test=kiosk-token]');
  const fresh = await page.inputValue('[data-test=kiosk-token]');
  check(fresh !== token && /^hlk_/.test(fresh), `${size}: a new token is shown`);
  check(await kioskConfig(token) === 401, `${size}: the old token is refused`);
  check(await kioskConfig(fresh) === 200, `${size}: the new token works`);

  // --- the log says what was done, by whom ------------------------------------------------------
  await settingsPage(page);
  const log = await page.textContent('section > .card:last-child table');
  for (const line of [`Người dùng ${name}`, 'được thêm với vai trò', 'đặt lại mật khẩu', 'bị thu hồi', `Máy kiosk ${kiosk}`, 'cấp mã mới, số hiệu', 'Ngưỡng cảnh báo'])
    check(log.includes(line), `${size}: the log shows "${line}": ${log}`);
  check(!log.includes('hlk_') && !log.includes('mật-khẩu'), `${size}: the log holds no token and no password`);
  await shot(page, `settings-admin-${size}-vi`);
  await context.close();
}

await kioskClient.dispose();
await browser.close();
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`settings page, users and kiosks: ${checks} checks passed`);
