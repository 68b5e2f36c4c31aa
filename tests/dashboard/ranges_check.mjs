// The dashboard's comparison periods (assets/dashboard/web/ui.js, previousRange), against answers
// worked by hand on a calendar. Usage: node ranges_check.mjs WEB-DIR
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const { previousRange, lastYearRange } = await import(pathToFileURL(join(process.argv[2], 'ui.js')).href);
const cases = [
  // [from, to] -> [from, to]
  [['2026-11-01', '2026-11-30'], ['2026-10-01', '2026-10-31']],  // a month: the month before (not 2-31 October)
  [['2026-03-01', '2026-03-31'], ['2026-02-01', '2026-02-28']],  // a long month after a short one
  [['2026-01-01', '2026-01-31'], ['2025-12-01', '2025-12-31']],  // across a year
  [['2026-12-01', '2026-12-07'], ['2026-11-01', '2026-11-07']],  // a month to date: the same days
  [['2026-03-01', '2026-03-31'], ['2026-02-01', '2026-02-28']],
  [['2026-05-01', '2026-05-31'], ['2026-04-01', '2026-04-30']],
  [['2026-03-01', '2026-03-30'], ['2026-02-01', '2026-02-28']],  // month to the 30th: clipped to February's end
  [['2026-10-01', '2026-12-31'], ['2026-07-01', '2026-09-30']],  // a quarter: the quarter before
  [['2026-10-01', '2026-12-07'], ['2026-07-01', '2026-09-07']],  // a quarter to date
  [['2026-11-08', '2026-12-07'], ['2026-10-09', '2026-11-07']],  // 30 days: the 30 days before
  [['2026-11-16', '2026-11-22'], ['2026-11-09', '2026-11-15']],  // a week: the week before
];
const problems = [];
for (const [[from, to], [wantFrom, wantTo]] of cases) {
  const got = previousRange({ from, to });
  if (got.from !== wantFrom || got.to !== wantTo) problems.push(`${from}..${to}: expected ${wantFrom}..${wantTo}, got ${got.from}..${got.to}`);
}
// The same period last year (issue 19): the same dates a year earlier, 29 February as the 28th.
const lastYear = [
  [['2026-11-01', '2026-11-30'], ['2025-11-01', '2025-11-30']],
  [['2026-12-01', '2026-12-07'], ['2025-12-01', '2025-12-07']],
  [['2028-02-01', '2028-02-29'], ['2027-02-01', '2027-02-28']],  // a leap February: to the 28th
  [['2028-02-29', '2028-03-06'], ['2027-02-28', '2027-03-06']],
  [['2026-01-01', '2026-12-31'], ['2025-01-01', '2025-12-31']],
];
for (const [[from, to], [wantFrom, wantTo]] of lastYear) {
  const got = lastYearRange({ from, to });
  if (got.from !== wantFrom || got.to !== wantTo) problems.push(`last year of ${from}..${to}: expected ${wantFrom}..${wantTo}, got ${got.from}..${got.to}`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`ranges: ${cases.length} comparison periods and ${lastYear.length} of last year as worked by hand`);
