// Reports: the monthly report as an XLSX workbook, the indicator export for reform teams (JSON
// and CSV, stable codes) and the CSV of the rankings, for a month or a period.
import * as api from '../api.js';
import { t, language } from '../i18n.js';
import { el, filterBar, withDates, today } from '../ui.js';
import { lastQuarter } from './tt01.js';

export default async function reports({ me, org: orgP, state, go }) {
  const org = await orgP;
  const base = today();
  const lastMonth = new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() - 1, 1));
  const month = state.month || `${lastMonth.getUTCFullYear()}-${String(lastMonth.getUTCMonth() + 1).padStart(2, '0')}`;
  const s = withDates({ preset: 'last_month', ...state });
  const monthInput = el('input', { type: 'month', name: 'month', value: month, onchange: () => go('reports', { ...state, month: monthInput.value }) });
  const dep = s.department;
  const lang = language();
  const xlsx = api.link('/api/v1/reports/monthly', { month, department: dep, lang });
  const range = { from: s.from, to: s.to, department: dep, lang };
  return el('section', {},
    el('h1', {}, t('reports.title')),
    filterBar(s, org, (next) => go('reports', { ...next, month })),
    el('div', { class: 'grid2' },
      el('div', { class: 'card' }, el('h2', {}, t('reports.printable')), el('p', { class: 'muted' }, t('reports.printable_hint')),
        el('ul', { class: 'links' },
          el('li', {}, el('a', { href: `#/summary?month=${month}${dep ? `&department=${dep}` : ''}`, 'data-report': 'summary' }, t('reports.summary_link', { month: month.split('-').reverse().join('/') }))),
          el('li', {}, el('a', { href: `#/tt01?period=${lastQuarter()}${dep ? `&department=${dep}` : ''}`, 'data-report': 'tt01' }, t('reports.tt01_link'))))),
      el('div', { class: 'card' }, el('h2', {}, t('reports.monthly')), el('p', { class: 'muted' }, t('reports.monthly_hint')),
        el('label', {}, t('reports.month'), ' ', monthInput),
        el('p', {}, el('a', { class: 'button primary', href: xlsx, download: '', 'data-download': 'monthly' }, t('reports.download_xlsx')))),
      el('div', { class: 'card' }, el('h2', {}, t('reports.indicators')), el('p', { class: 'muted' }, t('reports.indicators_hint', { from: s.from, to: s.to })),
        el('p', { class: 'buttons' },
          el('a', { class: 'button', href: api.link('/api/v1/indicators', { ...range, format: 'csv' }), download: '', 'data-download': 'indicators-csv' }, t('common.download_csv')),
          el('a', { class: 'button', href: api.link('/api/v1/indicators', { ...range, format: 'json' }), target: '_blank', 'data-download': 'indicators-json' }, t('reports.open_json')))),
      el('div', { class: 'card' }, el('h2', {}, t('reports.tables')), el('p', { class: 'muted' }, t('reports.tables_hint')),
        el('ul', { class: 'links' }, ['department', 'officer', 'service', 'kiosk'].map((g) => el('li', {},
          el('a', { href: api.link('/api/v1/indices', { from: s.from, to: s.to, department: dep, group: g, format: 'csv' }), download: '' }, t('reports.table_of', { group: t(`group.${g}`).toLocaleLowerCase(lang) })))),
          me.role !== 'analyst' ? el('li', {}, el('a', { href: api.link('/api/v1/complaints', { department: dep, format: 'csv' }), download: '' }, t('reports.complaints_csv'))) : null))));
}
