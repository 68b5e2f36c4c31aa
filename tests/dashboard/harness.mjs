// What the browser tests e2e.sh runs share (printable.mjs, public_results.mjs,
// why.mjs): counted checks that stop at the first failure, and a signed-in page of the
// dashboard in a fresh browser context whose errors are collected.

/// check(ok, what) throws "FAIL: what" when !ok; checks.count says how many passed.
export function checker() {
  const checks = { count: 0 };
  const check = (ok, what) => {
    if (!ok) throw new Error(`FAIL: ${what}`);
    checks.count++;
  };
  return { check, checks };
}

/// Whether an answer is the sign-in's.
export const isLogin = (r) => new URL(r.url()).pathname === '/api/v1/login';

/// Fills the sign-in form on `page` and sends it; returns the server's answer. The server lets one
/// name sign in from one address five times, then once a minute (docs/security.md); the browser
/// tests sign the same people in more often than that, so a refusal of the sign-in (429) is
/// waited out, as its Retry-After says, twice at most.
export async function submitSignIn(page, name, password) {
  for (let attempt = 1; ; attempt++) {
    await page.fill('input[name=name]', name);
    await page.fill('input[name=password]', password);
    const [answer] = await Promise.all([page.waitForResponse(isLogin), page.click('form.login button[type=submit]')]);
    if (answer.status() !== 429 || attempt === 3) return answer;
    await page.waitForTimeout((Number(answer.headers()['retry-after']) || 60) * 1000 + 500);
  }
}

/// A page of the dashboard at `url`, signed in as [name, password], in `lang` at `viewport`; page
/// errors and answers of 400 or more (but the 401 before signing in) are pushed to `problems`.
export async function signedIn(browser, url, [name, password], problems, { lang = 'vi', viewport = { width: 1366, height: 768 } } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' });
  await context.addInitScript((l) => localStorage.setItem('hailong.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400 && r.status() !== 401 && !(r.status() === 429 && isLogin(r))) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(`${url}/`);
  await submitSignIn(page, name, password);
  await page.waitForSelector('body.signed-in #user:not([hidden])', { state: 'attached' });
  return { context, page };
}
