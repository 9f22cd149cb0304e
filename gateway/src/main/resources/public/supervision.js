// The regulator's supervision feed in the console, as `dareg supervise` reads it (docs/supervision.md):
// every committed act from a position of the transparency log, with the alerts the rules derive from
// them, read once to the log's end (?follow=false) with the page's token. `dareg supervise` stays
// the way to follow the feed as it grows and resume with Last-Event-ID; here a regulator reads a
// stretch of it, the alerts first.
import { bilingual, chinaTime, el } from './dom.js';
import { button, field, labelled, outcomeBox, section, showDone, values } from './ui.js';

/** Server-sent events as text: [{ id, event, data }], data parsed as JSON; comments and retry lines skipped. */
export function parseEvents(text) {
  return text.split(/\r?\n\r?\n/).map((block) => {
    const e = { id: null, event: 'message', data: '' };
    for (const line of block.split(/\r?\n/)) {
      const m = /^(id|event|data): ?(.*)$/.exec(line);
      if (m) e[m[1]] = m[1] === 'data' ? e.data + m[2] : m[2];
    }
    return e;
  }).filter((e) => e.data).map((e) => ({ ...e, data: JSON.parse(e.data) }));
}

function table(id, headings, rows) {
  return labelled(el('table', { class: 'registrations', id },
    el('thead', {}, el('tr', {}, ...headings.map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
    el('tbody', {}, ...rows)));
}

/** Reading the feed from a position to the log's end: the alerts, then the acts, newest first. */
function feed(session) {
  const box = outcomeBox();
  const shown = el('div', { class: 'results' });
  const form = el('div', { class: 'form', id: 'supervision-feed' },
    field('从哪个位置读起（留空：最近 100 笔）', 'From position (empty: the latest 100 acts)', 'from', { type: 'number' }));
  form.append(button('读取监管数据流', 'Read the supervision feed', box, async () => {
    shown.replaceChildren();
    let from = values(form).from;
    if (from === '') {
      const checkpoint = await fetch('/api/v1/log/checkpoint', { headers: { Accept: 'text/plain' } });
      const size = checkpoint.ok ? Number((await checkpoint.text()).split('\n')[1]) : 0;
      from = String(Math.max(0, size - 100));
    }
    const { blob } = await session.fetchDocument(`/supervision/feed?from=${encodeURIComponent(from)}&follow=false`, 'feed');
    const events = parseEvents(await blob.text());
    const failed = events.find((e) => e.event === 'error');
    if (failed) throw { zh: `数据流中断：${failed.data.error}`, en: `The feed stopped: ${failed.data.error}` };
    const acts = events.filter((e) => e.event === 'act').map((e) => e.data);
    const alerts = events.filter((e) => e.event === 'alert').map((e) => e.data);
    showDone(box, el('span', { 'data-acts': String(acts.length), 'data-alerts': String(alerts.length) }, ...bilingual(
      `自位置 ${from} 起：${acts.length} 笔行为，${alerts.length} 条预警。`, `From position ${from}: ${acts.length} acts, ${alerts.length} alerts.`)));
    shown.append(
      el('h3', {}, ...bilingual('预警', 'Alerts')),
      alerts.length ? table('supervision-alerts', [['位置', 'Position'], ['时间', 'Time'], ['预警', 'Alert'], ['对象', 'Subject'], ['登记机构', 'Registry'], ['详情', 'Details']],
        alerts.slice().reverse().map((a) => el('tr', { 'data-kind': a.kind, 'data-subject': a.subject },
          el('td', {}, `${a.position}/${a.ordinal}`), el('td', {}, chinaTime(a.time)), el('td', {}, a.kind), el('td', {}, a.subject),
          el('td', {}, a.registry || '—'), el('td', { class: 'detail' }, JSON.stringify(a.details || {})))))
        : el('p', { class: 'empty', id: 'supervision-alerts' }, ...bilingual('没有预警。', 'No alerts.')),
      el('h3', {}, ...bilingual('行为', 'Acts')),
      table('supervision-acts', [['位置', 'Position'], ['时间', 'Time'], ['操作', 'Operation'], ['签名请求', 'Signed request'], ['交易', 'Transaction']],
        acts.slice().reverse().map((a) => el('tr', { 'data-position': String(a.position), 'data-operation': a.operation },
          el('td', {}, String(a.position)), el('td', {}, chinaTime(a.time)), el('td', {}, a.operation),
          el('td', {}, a.signedRequest ? `${a.signedRequest.algorithm}，${a.signedRequest.requestId.slice(0, 8)}…` : '—'),
          el('td', {}, el('code', {}, `${a.txId.slice(0, 16)}…`))))));
  }, { 'data-action': 'read-feed' }), box, shown);
  return form;
}

/** The regulator's section. */
export function render(session) {
  return section('监管数据流', 'Supervision feed', el('p', { class: 'note' }, ...bilingual(
    '每笔已提交的行为及规则据此得出的预警（如撤销证书、一数多登）。持续跟踪并断点续读请用 dareg supervise。',
    'Every committed act and the alerts the rules derive from it (a certificate revoked, data registered twice, …). To follow the feed as it grows and resume where you left off, use dareg supervise.')),
  feed(session));
}
