// Checks the dashboard's catalogues (assets/dashboard/web/i18n/*.json): both languages hold the
// same keys, no text is empty, every key the pages use exists, and every key is used. A key
// counts as used when it appears quoted in a script or in a data-t attribute, or when it starts
// with the fixed part of a key built at run time (t(`status.${s}`) uses every "status." key). The
// rating levels must read as on the kiosk.
// Usage: node i18n_check.mjs WEB-DIR
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const web = process.argv[2];
const files = [];
(function walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'vendor' || name === 'i18n') continue;
    if (statSync(p).isDirectory()) walk(p); else if (/\.(js|html)$/.test(name)) files.push(p);
  }
})(web);
const source = files.map((f) => readFileSync(f, 'utf8')).join('\n');
const vi = JSON.parse(readFileSync(join(web, 'i18n/vi.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(web, 'i18n/en.json'), 'utf8'));
const problems = [];

for (const [a, b, name] of [[vi, en, 'en'], [en, vi, 'vi']])
  for (const key of Object.keys(a)) if (!(key in b)) problems.push(`${key} is missing from ${name}.json`);
for (const [cat, name] of [[vi, 'vi'], [en, 'en']])
  for (const [key, text] of Object.entries(cat)) if (typeof text !== 'string' || !text.trim()) problems.push(`${name}.json: ${key} is empty`);
// Placeholders must match between the languages.
for (const key of Object.keys(vi)) {
  if (!(key in en)) continue;
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  if (names(vi[key]) !== names(en[key])) problems.push(`${key}: placeholders differ between vi and en`);
}

const prefixes = [...source.matchAll(/\bt(?:Or)?\(`([a-z0-9_.]+)\$\{/g)].map((m) => m[1]);
const literal = new Set([...source.matchAll(/['"]([a-z0-9_]+(?:\.[a-z0-9_]+)+)['"]/g)].map((m) => m[1]));
for (const key of Object.keys(vi))
  if (!literal.has(key) && !prefixes.some((p) => key.startsWith(p))) problems.push(`${key} is never used`);
// Keys asked for with a fixed string: t('x.y') and data-t="x.y".
const asked = [...source.matchAll(/\bt\('([^']+)'/g), ...source.matchAll(/data-t(?:-placeholder)?="([^"]+)"/g)].map((m) => m[1]);
for (const key of asked) if (!(key in vi)) problems.push(`${key} is used but not in the catalogues`);
// Keys chosen between fixed strings: t(cond ? 'a.b' : 'c.d').
for (const m of source.matchAll(/\bt\([^()]*\?\s*'([^']+)'\s*:\s*'([^']+)'\)/g))
  for (const key of [m[1], m[2]]) if (!(key in vi)) problems.push(`${key} is used but not in the catalogues`);

// A rating reads the same on the dashboard as on the kiosk the citizen pressed (issue 19): the
// kiosk's label of each level (kiosk/core/src/rating_machine.cpp, rating_label_key) from its own
// catalogue, assets/lang/LANG.json. On the 3-level scale the top is "very satisfied".
const kioskKeys = {
  '5.5': 'very_satisfied', '5.4': 'satisfied', '5.3': 'neutral', '5.2': 'dissatisfied', '5.1': 'very_dissatisfied',
  '3.3': 'very_satisfied', '3.2': 'satisfied', '3.1': 'dissatisfied',
};
for (const [cat, name] of [[vi, 'vi'], [en, 'en']]) {
  const kiosk = JSON.parse(readFileSync(join(web, '../../lang', `${name}.json`), 'utf8'));
  for (const [level, key] of Object.entries(kioskKeys))
    if (cat[`rating.${level}`] !== kiosk[`kiosk.rating.${key}`])
      problems.push(`${name}.json: rating.${level} is "${cat[`rating.${level}`]}", the kiosk shows "${kiosk[`kiosk.rating.${key}`]}"`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`i18n: ${Object.keys(vi).length} keys in vi and en, all used, none missing`);
