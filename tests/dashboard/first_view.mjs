// How long the dashboard's first view takes in Chromium: sign in once, then open the overview
// RUNS times in a fresh page and time it from navigation to the moment the period's figures are
// on the screen (the KPI cards, the chart, the heat map, the alerts: `first_view_ms`), and to the
// moment the comparison with the period before has filled its two cards too (`complete_ms`).
// Also times each API call the overview makes, as the browser saw it (Resource Timing).
// Usage: node first_view.mjs URL NAME PASSWORD RUNS   (prints one JSON object)
import { chromium } from 'playwright-core';

const [url, name, password, runsText] = process.argv.slice(2);
const runs = Number(runsText || 7);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1366, height: 768 } });
await context.addInitScript(() => localStorage.setItem('hailong.lang', 'vi'));
const login = await context.newPage();
await login.goto(`${url}/`);
await login.fill('input[name=name]', name);
await login.fill('input[name=password]', password);
await login.click('form.login button[type=submit]');
await login.waitForSelector('.kpi-value', { timeout: 120000 });
await login.close();

const totals = [];
const completes = [];
const calls = {};
for (let i = 0; i < runs; i++) {
  const page = await context.newPage();
  const start = Date.now();
  await page.goto(`${url}/#/overview`);
  await page.waitForSelector('.kpi-value', { timeout: 120000 });
  await page.waitForSelector('canvas');
  await page.waitForSelector('table.heat, .card p.muted');
  totals.push(Date.now() - start);
  await page.waitForFunction(() => document.querySelectorAll('[data-ready=true]').length === 2, null, { timeout: 120000 });
  completes.push(Date.now() - start);
  const entries = await page.evaluate(() => performance.getEntriesByType('resource')
    .filter((e) => e.name.includes('/api/v1/'))
    .map((e) => ({ name: new URL(e.name).pathname + (new URL(e.name).searchParams.get('group') ? `?group=${new URL(e.name).searchParams.get('group')}` : ''), ms: e.duration })));
  for (const e of entries) (calls[e.name] ||= []).push(e.ms);
  await page.close();
}
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
console.log(JSON.stringify({
  runs, first_view_ms: { median: median(totals), min: Math.min(...totals), max: Math.max(...totals), all: totals },
  complete_ms: { median: median(completes), min: Math.min(...completes), max: Math.max(...completes), all: completes },
  api_median_ms: Object.fromEntries(Object.entries(calls).map(([k, v]) => [k, Math.round(median(v) * 10) / 10])),
}));
