// The dashboard's words in Vietnamese and English (i18n/vi.json, i18n/en.json): t(key, params)
// fills {name} placeholders; numbers and dates are formatted for the language.
const catalogues = {};
let current = 'vi';

export const languages = ['vi', 'en'];

export async function setLanguage(lang) {
  if (!languages.includes(lang)) lang = 'vi';
  if (!catalogues[lang]) {
    const res = await fetch(`i18n/${lang}.json`, { cache: 'no-cache' });
    catalogues[lang] = await res.json();
  }
  current = lang;
  localStorage.setItem('hailong.lang', lang);
  document.documentElement.lang = lang;
}

export function language() { return current; }

export function savedLanguage() {
  const saved = localStorage.getItem('hailong.lang');
  if (languages.includes(saved)) return saved;
  return (navigator.language || 'vi').toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export function t(key, params = {}) {
  const text = catalogues[current]?.[key] ?? catalogues.vi?.[key];
  if (text === undefined) {
    console.error(`missing text ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/// The text of `key`, or `fallback` when the catalogue has none (a site's own reason codes).
export function tOr(key, fallback) {
  return catalogues[current]?.[key] ?? fallback;
}

const locale = () => (current === 'vi' ? 'vi-VN' : 'en-GB');

export function number(n, digits = 0) {
  if (n === null || n === undefined) return '–';
  return new Intl.NumberFormat(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
}

export function percent(n) {
  return n === null || n === undefined ? '–' : `${number(n, 1)} %`;
}

/// A YYYY-MM-DD date as people write it in Vietnam: dd/mm/yyyy, in both languages (issue 19:
/// one way of writing a date everywhere).
export function dmy(text) {
  if (!text) return '–';
  const [y, m, d] = text.split('-');
  return `${d}/${m}/${y}`;
}

/// An RFC 3339 instant as "dd/mm/yyyy hh:mm", local time in Asia/Ho_Chi_Minh.
export function dmyTime(text) {
  if (!text) return '–';
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(text)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
}

/// Fills every element that names a key in its data-t attribute (its text) or data-t-placeholder under root.
export function translateTree(root = document) {
  for (const e of root.querySelectorAll('[data-t]')) e.textContent = t(e.dataset.t);
  for (const e of root.querySelectorAll('[data-t-placeholder]')) e.placeholder = t(e.dataset.tPlaceholder);
}
