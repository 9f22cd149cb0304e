// The regulator's supervision feed in the console, as `dareg supervise` reads it (docs/supervision.md):
// every committed act from a position of the transparency log, with the alerts the rules derive from
// them, read with the page's token. Read once, the page reads to the log's end (?follow=false). Followed
// (`dareg supervise --follow`), it asks the gateway again every few seconds from the position after the
// last act shown, adds what came, and keeps that position in this browser (localStorage, per gateway and
// signed-in identity), so that coming back resumes where it stopped, as Last-Event-ID resumes the command.
import { bilingual, chinaTime, el } from './dom.js';
import { button, field, labelled, outcomeBox, section, showDone, showFailure, values } from './ui.js';

/** How long the page waits between two readings while it follows the feed. */
export const FOLLOW_MILLIS = 3000;

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

const ALERT_HEADINGS = [['位置', 'Position'], ['时间', 'Time'], ['预警', 'Alert'], ['对象', 'Subject'], ['登记机构', 'Registry'], ['详情', 'Details']];
const ACT_HEADINGS = [['位置', 'Position'], ['时间', 'Time'], ['操作', 'Operation'], ['签名请求', 'Signed request'], ['交易', 'Transaction']];

function table(id, headings, rows) {
  return labelled(el('table', { class: 'registrations', id },
    el('thead', {}, el('tr', {}, ...headings.map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
    el('tbody', {}, ...rows)));
}

const alertRow = (a) => el('tr', { 'data-kind': a.kind, 'data-subject': a.subject, class: 'alert' },
  el('td', {}, `${a.position}/${a.ordinal}`), el('td', {}, chinaTime(a.time)), el('td', {}, el('strong', {}, a.kind)), el('td', {}, a.subject),
  el('td', {}, a.registry || '—'), el('td', { class: 'detail' }, JSON.stringify(a.details || {})));

const actRow = (a) => el('tr', { 'data-position': String(a.position), 'data-operation': a.operation },
  el('td', {}, String(a.position)), el('td', {}, chinaTime(a.time)), el('td', {}, a.operation),
  el('td', {}, a.signedRequest ? `${a.signedRequest.algorithm}，${a.signedRequest.requestId.slice(0, 8)}…` : '—'),
  el('td', {}, el('code', {}, `${a.txId.slice(0, 16)}…`)));

/** The acts and alerts of the feed from position from to the log's end, as the gateway has them now. */
async function readFrom(session, from) {
  const { blob } = await session.fetchDocument(`/supervision/feed?from=${encodeURIComponent(from)}&follow=false`, 'feed');
  const events = parseEvents(await blob.text());
  const failed = events.find((e) => e.event === 'error');
  if (failed) throw { zh: `数据流中断：${failed.data.error}`, en: `The feed stopped: ${failed.data.error}` };
  return { acts: events.filter((e) => e.event === 'act').map((e) => e.data), alerts: events.filter((e) => e.event === 'alert').map((e) => e.data) };
}

/** The position given, or, when none is, that of the latest 100 acts. */
async function startAt(given) {
  if (given !== '') return String(given);
  const checkpoint = await fetch('/api/v1/log/checkpoint', { headers: { Accept: 'text/plain' } });
  const size = checkpoint.ok ? Number((await checkpoint.text()).split('\n')[1]) : 0;
  return String(Math.max(0, size - 100));
}

/** Where this browser followed the feed of this gateway as this identity: { next, on }, or null. */
function remembered(key) {
  try {
    const saved = JSON.parse(window.localStorage.getItem(key) || 'null');
    return saved && Number.isSafeInteger(saved.next) && saved.next >= 0 ? saved : null;
  } catch {
    return null;
  }
}

/** Reading the feed from a position to the log's end: the alerts, then the acts, newest first; or following it. */
function feed(session, who) {
  const key = `dareg.supervision.follow:${window.location.origin}:${who && who.identity ? `${who.identity.msp}/${who.identity.id}` : '?'}`;
  const box = outcomeBox();
  const shown = el('div', { class: 'results' });
  const form = el('div', { class: 'form', id: 'supervision-feed' },
    field('从哪个位置读起（留空：最近 100 笔）', 'From position (empty: the latest 100 acts)', 'from', { type: 'number' }));
  form.append(button('读取监管数据流', 'Read the supervision feed', box, async () => {
    stop(false);
    shown.replaceChildren();
    const from = await startAt(values(form).from);
    const { acts, alerts } = await readFrom(session, from);
    showDone(box, el('span', { 'data-acts': String(acts.length), 'data-alerts': String(alerts.length) }, ...bilingual(
      `自位置 ${from} 起：${acts.length} 笔行为，${alerts.length} 条预警。`, `From position ${from}: ${acts.length} acts, ${alerts.length} alerts.`)));
    shown.append(
      el('h3', {}, ...bilingual('预警', 'Alerts')),
      alerts.length ? table('supervision-alerts', ALERT_HEADINGS, alerts.slice().reverse().map(alertRow))
        : el('p', { class: 'empty', id: 'supervision-alerts' }, ...bilingual('没有预警。', 'No alerts.')),
      el('h3', {}, ...bilingual('行为', 'Acts')),
      table('supervision-acts', ACT_HEADINGS, acts.slice().reverse().map(actRow)));
  }, { 'data-action': 'read-feed' }));

  // Following: a switch, where it stands, and starting again from the position above.
  const toggle = el('input', { type: 'checkbox', id: 'supervision-follow', 'data-action': 'follow' });
  const state = el('p', { class: 'note', id: 'supervision-follow-state', role: 'status', 'aria-live': 'polite' });
  let timer = null;
  let following = false;
  let next = null;
  let counts = { acts: 0, alerts: 0 };
  const tell = () => {
    state.dataset.following = String(following);
    state.dataset.next = next === null ? '' : String(next);
    const saved = remembered(key);
    state.replaceChildren(...(following
      ? bilingual(`正在跟踪：每 ${FOLLOW_MILLIS / 1000} 秒读取一次，下一个位置 ${next}；本次已显示 ${counts.acts} 笔行为、${counts.alerts} 条预警。`,
        `Following: read every ${FOLLOW_MILLIS / 1000} s, next position ${next}; ${counts.acts} acts and ${counts.alerts} alerts shown so far.`)
      : saved ? bilingual(`未在跟踪。本浏览器上次读到位置 ${saved.next}：开启跟踪将从此继续。`, `Not following. This browser last read up to position ${saved.next}: following resumes there.`)
        : bilingual('未在跟踪。', 'Not following.')));
  };
  function stop(keepOn) {
    following = false;
    toggle.checked = false;
    window.clearTimeout(timer);
    timer = null;
    const saved = remembered(key);
    if (saved && !keepOn) window.localStorage.setItem(key, JSON.stringify({ next: saved.next, on: false }));
    tell();
  }
  async function tick() {
    timer = null;
    if (!following) return;
    if (!form.isConnected) { stop(true); return; } // the page left this view
    try {
      const { acts, alerts } = await readFrom(session, next);
      if (!following) return;
      const [alertBody, actBody] = ['#supervision-alerts tbody', '#supervision-acts tbody'].map((s) => shown.querySelector(s));
      if (alerts.length) alertBody.querySelector('tr.empty')?.remove();
      alertBody.prepend(...alerts.slice().reverse().map(alertRow));
      actBody.prepend(...acts.slice().reverse().map(actRow));
      shown.querySelectorAll('table').forEach(labelled);
      counts = { acts: counts.acts + acts.length, alerts: counts.alerts + alerts.length };
      if (acts.length) next = acts[acts.length - 1].position + 1;
      window.localStorage.setItem(key, JSON.stringify({ next, on: true }));
      box.hidden = true;
    } catch (e) {
      showFailure(box, e); // tried again at the next tick, as the command reconnects
    }
    tell();
    if (following) timer = window.setTimeout(tick, FOLLOW_MILLIS);
  }
  async function follow() {
    const saved = remembered(key);
    next = Number(saved ? saved.next : await startAt(values(form).from));
    following = true;
    toggle.checked = true;
    counts = { acts: 0, alerts: 0 };
    shown.replaceChildren(
      el('h3', {}, ...bilingual('预警', 'Alerts')),
      table('supervision-alerts', ALERT_HEADINGS, [el('tr', { class: 'empty' }, el('td', { colspan: '6' }, ...bilingual('尚无预警。', 'No alerts yet.')))]),
      el('h3', {}, ...bilingual('行为', 'Acts')),
      table('supervision-acts', ACT_HEADINGS, []));
    tell();
    await tick();
  }
  toggle.addEventListener('change', () => {
    if (toggle.checked) follow().catch((e) => { showFailure(box, e); stop(false); }); else stop(false);
  });
  window.addEventListener('pagehide', () => { if (following) stop(true); });
  const restartBox = outcomeBox();
  const restart = button('从上方位置重新开始跟踪', 'Start following again from the position above', restartBox, async () => {
    stop(false);
    window.localStorage.removeItem(key);
    await follow();
    showDone(restartBox, ...bilingual(`已从位置 ${values(form).from || '最近 100 笔'} 重新开始。`, `Started again from position ${values(form).from || 'of the latest 100 acts'}.`));
  }, { 'data-action': 'restart-follow' });
  form.append(el('label', { class: 'switch' }, toggle, ' ', ...bilingual('跟踪数据流（持续读取新行为，断点续读）', 'Follow the feed (keep reading new acts; resume where it stopped)')),
    restart, state, box, restartBox, shown);
  tell();
  // Coming back to a feed this browser was following: it follows on from where it stopped.
  if (remembered(key)?.on) window.setTimeout(() => follow().catch((e) => showFailure(box, e)), 0);
  return form;
}

/** The regulator's section; who is the signed-in identity (/whoami), whose followed position this browser keeps. */
export function render(session, who) {
  return section('监管数据流', 'Supervision feed', el('p', { class: 'note' }, ...bilingual(
    '每笔已提交的行为及规则据此得出的预警（如撤销证书、一数多登）。可读取一次，或开启跟踪持续读取并在回到本页时断点续读（同 dareg supervise --follow）。',
    'Every committed act and the alerts the rules derive from it (a certificate revoked, data registered twice, …). Read it once, or follow it as it grows and resume where you left off when you come back (as dareg supervise --follow).')),
  feed(session, who));
}
