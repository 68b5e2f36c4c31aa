// The why of a department or an officer (issue 19), a card of the drill-down: the reasons citizens
// ticked with their counts and shares, the weakest TT 01 index, the satisfaction trend, and for
// admins and managers the words and two-syllable phrases their comments use most, each a link to
// the comments holding it (GET /api/v1/why, docs/api.md). Analysts get no words: the API sends none.
import * as api from '../api.js';
import { t, tOr, number, percent } from '../i18n.js';
import { el, table, rangeDays } from '../ui.js';
import { fetchTrend, trendChart } from './overview.js';

const maxDays = 93;  // GET /api/v1/why reads at most a quarter's ratings (docs/performance.md)

function reasonBar(share) {
  const bar = el('span', { class: 'why-bar', 'aria-hidden': 'true' });
  bar.style.width = `${Math.max(0, Math.min(100, share ?? 0))}%`;  // CSP: no style attributes
  return el('span', { class: 'why-track' }, bar);
}

function reasons(answer) {
  return el('div', { class: 'why-part', 'data-test': 'why-reasons' },
    el('h3', {}, t('why.reasons')),
    el('p', { class: 'muted' }, t('why.asked', { asked: number(answer.asked), with_reasons: number(answer.with_reasons) })),
    table([
      { label: t('col.reasons'), cell: (r) => el('span', { 'data-code': r.code }, tOr(`reason.${r.code}`, r.code)) },
      { label: t('why.count'), class: 'n', cell: (r) => el('span', { 'data-test': 'why-count' }, number(r.count)) },
      { label: t('why.share'), class: 'n', cell: (r) => percent(r.share) },
      { label: '', class: 'why-bar-cell', cell: (r) => reasonBar(r.share) },
    ], answer.reasons, { empty: t('why.no_reasons') }));
}

function weakest(tt01) {
  const line = tt01.weakest.length
    ? t('why.weakest_is', {
      indices: tt01.weakest.map((w) => t(`tt01.${w.index}`)).join(', '),
      value: number(tt01.weakest[0].value, 1), n: number(tt01.weakest[0].n) })
    : t('why.weakest_none', { min: number(tt01.min_responses) });
  return el('div', { class: 'why-part', 'data-test': 'why-weakest' }, el('h3', {}, t('why.weakest')), el('p', {}, line),
    tt01.not_enough.length
      ? el('p', { class: 'muted' }, t('why.not_enough', { indices: tt01.not_enough.map((w) => `${t(`tt01.${w.index}`)} (n = ${number(w.n)})`).join(', '), min: number(tt01.min_responses) }))
      : null);
}

function termList(title, terms, s, go, test) {
  return el('div', { class: 'why-terms', 'data-test': test }, el('h4', {}, title),
    terms.length
      ? el('ol', {}, terms.map((w) => el('li', {}, el('a', {
        href: '#', 'data-term': w.term,
        onclick: (e) => { e.preventDefault(); go('drill', { ...s, term: w.term, offset: undefined }); },
      }, w.term), ` (${number(w.count)})`)))
      : el('p', { class: 'muted' }, t('common.none')));
}

function words(answer, s, go) {
  if (!answer.words) return el('div', { class: 'why-part' }, el('h3', {}, t('why.words')), el('p', { class: 'muted' }, t('why.words_analyst')));
  return el('div', { class: 'why-part', 'data-test': 'why-words' }, el('h3', {}, t('why.words')),
    el('p', { class: 'muted' }, t('why.words_note', { n: number(answer.words.comments) }),
      answer.words.praise_left_out > 0 ? [' ', t('why.praise_left_out', { n: number(answer.words.praise_left_out) })] : null),
    el('div', { class: 'why-columns' },
      termList(t('why.single'), answer.words.words, s, go, 'why-single'),
      termList(t('why.phrases'), answer.words.phrases, s, go, 'why-phrases')));
}

/// The card for the drill-down's state `s` (department, officer, from, to).
export async function whyCard(me, s, go) {
  const head = el('h2', {}, t('why.title'));
  if (rangeDays(s) > maxDays) return el('div', { class: 'card', 'data-test': 'why' }, head, el('p', { class: 'muted' }, t('why.too_long', { max: maxDays })));
  const range = { from: s.from, to: s.to };
  const who = s.officer === undefined ? { department: s.department } : { department: s.department, group: 'officer', key: s.officer };
  const [answer, trend] = await Promise.all([
    api.get('/api/v1/why', { ...range, department: s.department, officer: s.officer }),
    fetchTrend(range, who),
  ]);
  return el('div', { class: 'card why', 'data-test': 'why' }, head,
    el('div', { class: 'why-grid' }, reasons(answer), weakest(answer.tt01)),
    // A trend whose every point is under the minimum would draw bars and no line: say so instead.
    el('div', { class: 'why-part' }, el('h3', {}, t('why.trend')),
      trend.series.some((p) => !p.suppressed) ? trendChart(trend.series) : el('p', { class: 'muted' }, t('why.trend_not_enough'))),
    words(answer, s, go));
}
