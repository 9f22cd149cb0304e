// The public notice board (公示) and the announcements (公告): the gateway's public lists, shown
// entry by entry with Chinese and English labels. Which list is the page's data-board attribute.
import { bilingual, chinaTime, el } from './dom.js';
import { SOURCE, STATUS, badge, named } from './labels.js';

const $ = (id) => document.getElementById(id);

const BOARDS = {
  notices: {
    path: '/api/v1/public/notices',
    empty: ['目前没有公示中的登记。', 'No registration is in public notice now.'],
    rows: (n) => [
      ['申请人', 'Applicants', (n.applicants || []).join('；')],
      ['应用场景', 'Scenarios', (n.scenarios || []).join('、')],
      ['数据来源', 'Sources', (n.sources || []).map((s) => named(SOURCE, s)).join('；')],
      ['取得方式', 'Acquisition', n.acquisition],
      ['算法摘要', 'Processing', n.algorithmSummary],
      ['状态', 'Status', badge(STATUS, n.status)],
      ['公示开始', 'Notice from', chinaTime(n.noticeStart)],
      ['异议截止', 'Objections until', chinaTime(n.objectionDeadline), 'deadline'],
    ],
  },
  announcements: {
    path: '/api/v1/public/announcements',
    empty: ['目前没有登记公告。', 'No registration has been announced yet.'],
    rows: (a) => [
      ['权利人', 'Holders', (a.holders || []).join('；')],
      ['权利类型', 'Right', a.rightType],
      ['行业', 'Industry', a.industry],
      ['数据规模', 'Scale', a.scale ? `${a.scale.records ?? '—'} 条记录 records，${a.scale.bytes ?? '—'} 字节 bytes` : '—'],
      ['字段', 'Fields', (a.structure || []).map((f) => f.name || JSON.stringify(f)).join('、') || '—'],
      ['应用场景', 'Scenarios', (a.scenarios || []).join('、')],
      ['数据来源', 'Sources', (a.sources || []).map((s) => named(SOURCE, s)).join('；')],
      ['算法摘要', 'Processing', a.algorithmSummary],
      ['存证', 'Evidence', (a.evidenceStatus || []).join('；') || a.evidence],
      ['登记时间', 'Registered', chinaTime(a.issuedAt)],
      ['有效期至', 'Valid until', a.validUntil ? chinaTime(a.validUntil) : '长期 no end'],
      // issue 20: cancellation after expiry without renewal (TJ-DIP)
      ...(a.announcement ? [['公告事项', 'Announcement', a.announcement], ['注销时间', 'Cancelled', chinaTime(a.cancelledAt)]] : []),
    ],
  },
};

function entry(item, board) {
  return el('li', { 'data-reg-no': item.regNo },
    el('h2', {}, `${item.assetName || '—'}（${item.regNo}）`),
    el('dl', {}, ...board.rows(item).flatMap(([zh, en, v, cls]) => [
      el('dt', {}, ...bilingual(zh, en)),
      el('dd', cls ? { class: cls } : {}, v instanceof Node ? v : v == null || v === '' ? '—' : String(v)),
    ])));
}

async function show(board) {
  $('status').replaceChildren(...bilingual('正在读取…', 'Loading…'));
  try {
    const response = await fetch(board.path, { headers: { Accept: 'application/json' } });
    if (!response.ok) {
      throw new Error(`HTTP ${response.status}`);
    }
    const items = await response.json();
    $('entries').replaceChildren(...items.map((i) => entry(i, board)));
    $('status').replaceChildren(...(items.length === 0 ? bilingual(...board.empty) : bilingual(`共 ${items.length} 项`, `${items.length} in all`)));
    document.body.dataset.loaded = 'true';
  } catch (e) {
    $('status').replaceChildren();
    const error = $('error');
    error.replaceChildren(...bilingual('无法读取登记机构的公开信息。', 'The registry\u2019s public information cannot be read.'), el('br'), String(e.message || e));
    error.hidden = false;
  }
}

show(BOARDS[document.body.dataset.board]);
