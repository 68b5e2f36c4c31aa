// What the browser tests e2e.sh runs after e2e.mjs share (printable.mjs, public_results.mjs,
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

/// A page of the dashboard at `url`, signed in as [name, password], in `lang` at `viewport`; page
/// errors and answers of 400 or more (but the 401 before signing in) are pushed to `problems`.
export async function signedIn(browser, url, [name, password], problems, { lang = 'vi', viewport = { width: 1366, height: 768 } } = {}) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport, locale: lang === 'vi' ? 'vi-VN' : 'en-GB' });
  await context.addInitScript((l) => localStorage.setItem('hailong.lang', l), lang);
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => { if (r.status() >= 400 && r.status() !== 401) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
  await page.goto(`${url}/`);
  await page.fill('input[name=name]', name);
  await page.fill('input[name=password]', password);
  await page.click('form.login button[type=submit]');
  await page.waitForSelector('body.signed-in #user:not([hidden])', { state: 'attached' });
  return { context, page };
}
