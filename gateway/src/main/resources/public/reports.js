// The period report for regulators and the registry admin, as dareg report: the figures of a month,
// quarter or year read from the report's CSV, each section drawn as a bar chart (every bar carries its
// number, so colour is never the only cue) with the figures in a table, and the CSV and PDF saved.
import { bilingual, el } from './dom.js';
import { downloadButton } from './downloads.js';
import { button, field, labelled, outcomeBox, section, showDone, values } from './ui.js';

const SECTIONS = {
  registrations: ['登记', 'Registrations'], 'formal reviews': ['形式审查', 'Formal reviews'], evidence: ['存证', 'Evidence'],
  certificates: ['证书', 'Certificates'], objections: ['异议', 'Objections'], trades: ['交易', 'Trades'], deliveries: ['交付', 'Deliveries'],
};
// The measures the charts draw (PeriodReport.headline), in Chinese beside the report's English.
const MEASURES = {
  submitted: '提交', issued: '颁发', due: '应审结', overdue: '超期', deposited: '存证', renewed: '续展', revoked: '撤销', cancelled: '注销',
  raised: '提出', answered: '答复', resolved: '处理完毕', recorded: '记录', settled: '结算', disputed: '争议', delivered: '交付',
  accepted: '验收', rejected: '拒收', 'completed by the seller': '卖方完成', 'data deleted after delivery': '交付后删除',
};

/** The rows of an RFC 4180 CSV text. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell.replace(/\r$/, '')]);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** One section's totals as a horizontal bar chart: each bar with its measure and number in words, so colour is never the only cue. */
function chart(name, figures) {
  const [zh, en] = SECTIONS[name] || [name, name];
  const max = Math.max(1, ...figures.map((f) => f.count));
  return el('figure', { class: 'chart', 'data-section': name },
    el('figcaption', {}, ...bilingual(zh, en)),
    el('dl', { class: 'bars' }, ...figures.flatMap((f) => {
      const bar = el('span', { class: 'bar' });
      bar.style.width = `${Math.round((f.count / max) * 100)}%`; // set through the CSSOM: the pages' CSP refuses style attributes
      return [
        el('dt', {}, ...bilingual(MEASURES[f.measure] || f.measure, f.measure)),
        el('dd', { 'data-measure': f.measure, 'data-count': String(f.count) }, el('span', { class: 'track' }, bar), el('span', { class: 'count' }, String(f.count))),
      ];
    })));
}

/** The figures of a report's CSV: [about rows, figures]. */
function figuresOf(text) {
  const rows = parseCsv(text).slice(1).filter((r) => r.length === 4);
  const about = rows.filter((r) => r[0] === 'report');
  const figures = rows.filter((r) => r[0] !== 'report').map(([sectionName, measure, breakdown, value]) => ({ section: sectionName, measure, breakdown, count: Number(value) }));
  return [about, figures];
}

function show(box, text) {
  const [about, figures] = figuresOf(text);
  const totals = figures.filter((f) => !f.breakdown);
  const charts = Object.keys(SECTIONS).filter((s) => totals.some((f) => f.section === s)).map((s) => chart(s, totals.filter((f) => f.section === s)));
  const table = labelled(el('table', { class: 'registrations', id: 'report-figures' },
    el('thead', {}, el('tr', {}, ...[['部分', 'Section'], ['指标', 'Measure'], ['细分', 'Breakdown'], ['数量', 'Count']].map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
    el('tbody', {}, ...figures.map((f) => el('tr', {}, el('td', {}, f.section), el('td', {}, f.measure), el('td', {}, f.breakdown || '—'), el('td', {}, String(f.count)))))));
  showDone(box, el('span', { 'data-period': (about.find((r) => r[1] === 'period') || [])[3] || '' },
    ...bilingual('报表', 'Report'), ` ${about.map((r) => `${r[1]}: ${r[3]}`).join('；')}`),
  el('div', { class: 'charts', id: 'report-charts' }, ...charts), table);
}

/** This quarter in China time, e.g. 2026-Q1: the period the form starts with. */
function thisQuarter() {
  const [year, month] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-');
  return `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`;
}

/** The report page: a period, its charts and figures, and the CSV and PDF to save. */
export function render(session) {
  const box = outcomeBox();
  const saved = outcomeBox();
  const form = el('div', { class: 'form', id: 'period-report' },
    field('期间（月 2026-09、季度 2026-Q3 或年 2026）', 'Period (a month 2026-09, a quarter 2026-Q3 or a year 2026)', 'period', { value: thisQuarter() }));
  const period = () => {
    const p = values(form).period;
    if (!/^\d{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$/.test(p)) throw { zh: `“${p}”不是期间：请写 2026-09、2026-Q3 或 2026。`, en: `'${p}' is not a period: write 2026-09, 2026-Q3 or 2026.` };
    return encodeURIComponent(p);
  };
  form.append(
    button('显示报表', 'Show the report', box, async () => {
      const { blob } = await session.fetchDocument(`/reports/period?period=${period()}&format=csv`, 'report.csv');
      show(box, await blob.text());
    }, { 'data-action': 'show-report' }),
    downloadButton(session, '下载 CSV', 'Download the CSV', saved, () => [`/reports/period?period=${period()}&format=csv`, 'report.csv'], { 'data-action': 'download-report-csv' }),
    downloadButton(session, '下载 PDF', 'Download the PDF', saved, () => [`/reports/period?period=${period()}&format=pdf`, 'report.pdf'], { 'data-action': 'download-report-pdf' }),
    box, saved);
  return section('期间报表', 'Period report', el('p', { class: 'note' }, ...bilingual(
    '按北京时间统计本期的登记、审查、存证、证书、异议、交易和交付。', 'Registrations, reviews, evidence, certificates, objections, trades and deliveries of the period, in China time.')), form);
}
