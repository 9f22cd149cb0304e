// The public fees page: the registry's fee schedule, operating rules and each profile's retention
// period, as GET /api/v1/public/fees serves them and `dareg fees` prints them (issue 20: SZ
// publishes its fee items and standards; SD registers free of charge). No sign-in.
import { bilingual, chinaTime, el } from './dom.js';

const $ = (id) => document.getElementById(id);

/** A period as the gateway writes it (ISO 8601, e.g. P30Y or P5Y6M), in words. */
export function periodWords(iso) {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(String(iso || ''));
  if (!m || (!m[1] && !m[2] && !m[3])) return String(iso || '—');
  const parts = [[m[1], '年', 'years'], [m[2], '个月', 'months'], [m[3], '天', 'days']].filter(([n]) => n && n !== '0');
  return `${parts.map(([n, zh]) => `${n} ${zh}`).join(' ')} (${parts.map(([n, , en]) => `${n} ${en}`).join(' ')})`;
}

function table(id, headings, rows) {
  const headers = headings.map(([zh, en]) => el('th', { scope: 'col' }, ...bilingual(zh, en)));
  return el('table', { class: 'registrations', id },
    el('thead', {}, el('tr', {}, ...headers)),
    el('tbody', {}, ...rows.map((cells) => el('tr', {}, ...cells.map((c, i) => el('td', { 'data-label': headers[i].textContent }, c))))));
}

async function show() {
  document.body.dataset.loaded = 'false';
  $('status').replaceChildren(...bilingual('正在读取…', 'Loading…'));
  try {
    const response = await fetch('/api/v1/public/fees', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const terms = await response.json();
    $('fees').replaceChildren(...((terms.fees || []).length
      ? [table('fee-table', [['项目', 'Item'], ['标准', 'Amount'], ['依据', 'Basis']], terms.fees.map((f) => [f.item, f.amount, f.basis]))]
      : [el('p', { class: 'empty', id: 'fee-table' }, ...bilingual('登记机构尚未公布收费标准。', 'The registry has not published its fees yet.'))]),
    ...(terms.updatedAt ? [el('p', { class: 'note' }, ...bilingual(`${terms.registryName}，公布于 ${chinaTime(terms.updatedAt)}`,
      `${terms.registryName}, published ${terms.updatedAt}`))] : []));
    $('rules').replaceChildren(terms.operatingRules
      ? el('p', { id: 'operating-rules', class: 'rules' }, terms.operatingRules)
      : el('p', { class: 'empty', id: 'operating-rules' }, ...bilingual('登记机构尚未公布业务规则。', 'The registry has not published its operating rules yet.')));
    $('retention').replaceChildren(table('retention-table', [['规则配置', 'Profile'], ['注销后保存', 'Kept after cancellation'], ['依据', 'Basis']],
      (terms.retention || []).map((r) => [r.profile, periodWords(r.period), r.basis])));
    $('status').replaceChildren();
  } catch (e) {
    $('status').replaceChildren();
    $('error').replaceChildren(...bilingual('无法读取收费标准，请稍后再试。', 'The fees cannot be read now: try again later.'), ' ', el('span', { class: 'detail' }, String(e.message || e)));
    $('error').hidden = false;
  }
  document.body.dataset.loaded = 'true';
}

show();
