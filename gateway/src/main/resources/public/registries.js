// Several registries (issue 25) as an organisation's admin sees them: the registries on the ledger,
// opening one's own, the recognition agreements (互认) with their status, scope and term, proposing,
// accepting and withdrawing one, and the registries of other ledgers (peers) the first registry
// trusts; and, for a registry's registrar and admin, its duplicate flags (一数多登).
import { bilingual, chinaTime, el } from './dom.js';
import { ASSET_CLASS, RECOGNITION_STATUS, RIGHT_TYPE, badge, named } from './labels.js';
import { button, choices, details, field, jsonFile, labelled, outcomeBox, registrationLink, required, section, showDone, showRecord, ticked, values } from './ui.js';

/** A table with bilingual headings and rows of cells. */
function table(id, headings, rows) {
  return labelled(el('table', { class: 'registrations', id },
    el('thead', {}, el('tr', {}, ...headings.map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
    el('tbody', {}, ...rows)));
}

/** A date typed in the form as the instant it begins in Beijing, or null when empty. */
const beijingDay = (day) => (day ? new Date(`${day}T00:00:00+08:00`).toISOString() : null);

/** The registry code of an organisation on this ledger, or null. */
export function registryOf(list, msp) {
  const own = list.find((r) => r.msp === msp);
  return own ? own.code : null;
}

/**
 * A PEM certificate as the ledger takes a root: base64 of its DER bytes. Refuses anything that is not
 * one PEM certificate block with readable base64.
 */
export function pemToBase64Der(pem) {
  const m = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem || '');
  const body = m ? m[1].replace(/\s+/g, '') : '';
  try {
    if (!body || atob(body).length < 100) throw new Error('short');
  } catch {
    throw { zh: '根证书应为 PEM 格式（-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----）。', en: 'The root certificate should be PEM (-----BEGIN CERTIFICATE----- … -----END CERTIFICATE-----).' };
  }
  return body;
}

function registryTable(list) {
  return table('registries', [['代码', 'Code'], ['名称', 'Name'], ['组织', 'Organisation (MSP)'], ['默认规则配置', 'Default profile'], ['开设', 'Opened']],
    list.map((r, i) => el('tr', { 'data-registry': r.code },
      el('td', {}, r.code, ...(i === 0 ? [' ', el('span', { class: 'status', 'data-tone': 'ok' }, ...bilingual('首个', 'first'))] : [])),
      el('td', {}, r.name), el('td', {}, r.msp), el('td', {}, r.defaultProfile),
      el('td', {}, `${chinaTime(r.openedAt)}${r.openedBy ? `，${r.openedBy.id}` : ''}`))));
}

function openForm(session, profiles) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'open-registry' },
    field('登记机构代码（2 至 6 个大写字母，登记编号以此开头）', 'Registry code (2 to 6 capital letters; its registration numbers begin with it)', 'code', { placeholder: 'SZ' }),
    field('名称', 'Name', 'name'),
    field('默认规则配置', 'Default profile', 'defaultProfile', { options: Object.fromEntries(profiles.map((p) => [p.code, [p.code, p.name]])) }));
  form.append(button('开设登记机构', 'Open the registry', box, async () => {
    const r = await session.post('/registries', {
      code: required(form, 'code', '代码', 'code'), name: required(form, 'name', '名称', 'name'), defaultProfile: values(form).defaultProfile,
    });
    showDone(box, el('span', { 'data-registry': r.code }, ...bilingual(`已开设登记机构 ${r.code}（${r.name}）；刷新后可签署互认协议。`,
      `Registry ${r.code} (${r.name}) opened; reload to sign recognition agreements.`)));
  }, { 'data-action': 'open-registry' }), box);
  return section('开设本机构的登记机构', 'Open this organisation\u2019s registry', el('p', { class: 'note' }, ...bilingual(
    '每个组织只能开设一个登记机构，代码不可重复；开设后只管理自己编号的登记。', 'An organisation opens one registry, under a code nobody holds; it acts only on the registrations it numbers.')), form);
}

const scope = (a) => [
  a.profiles.length ? a.profiles.join('、') : '全部规则配置 any profile',
  a.assetClasses.length ? a.assetClasses.map((c) => named(ASSET_CLASS, c)).join('、') : '全部类别 any class',
  a.rightTypes.length ? a.rightTypes.map((c) => named(RIGHT_TYPE, c)).join('、') : '全部权利 any right',
].join('；');

function agreementRows(session, agreements, own, box) {
  return agreements.map((a) => {
    const act = (action, zh, en, path, doneZh, doneEn) => button(zh, en, box, async () => {
      const r = await session.post(`/recognitions/${encodeURIComponent(a.agreementNo)}/${path}`);
      showRecord(box, r.agreementNo, { 'data-agreement': r.agreementNo }, [doneZh, doneEn], RECOGNITION_STATUS, r.status);
    }, { 'data-action': action, 'aria-label': `${zh} ${en} ${a.agreementNo}` });
    const actions = [
      ...(a.status === 'PROPOSED' && a.counterparty === own ? [act('accept-recognition', '接受', 'Accept', 'acceptance', '已接受，协议生效', 'accepted, in force')] : []),
      ...(a.status !== 'WITHDRAWN' && own && (a.proposer === own || a.counterparty === own)
        ? [act('withdraw-recognition', '撤回', 'Withdraw', 'withdrawal', '已撤回，不再互认', 'withdrawn, recognises nothing')] : []),
    ];
    return el('tr', { 'data-agreement': a.agreementNo, 'data-status': a.status },
      el('td', {}, a.agreementNo), el('td', {}, `${a.proposer} ⇄ ${a.counterparty}`), el('td', {}, badge(RECOGNITION_STATUS, a.status)),
      el('td', {}, scope(a)), el('td', {}, `${chinaTime(a.validFrom)} — ${a.validUntil ? chinaTime(a.validUntil) : '长期 no end'}`),
      el('td', {}, ...(actions.length ? actions : ['—'])));
  });
}

function proposeForm(session, own, parties, profiles) {
  const box = outcomeBox();
  const others = parties.filter(([c]) => c !== own);
  const form = el('div', { class: 'form', id: 'propose-recognition' },
    field('对方登记机构', 'Counterparty registry', 'counterparty', { options: Object.fromEntries(others.map(([c, name]) => [c, [c, name]])) }),
    choices('规则配置（不选为全部）', 'Profiles (none ticked: all)', 'profiles', Object.fromEntries(profiles.map((p) => [p.code, [p.code, p.name]])), []),
    choices('资产类别（不选为全部）', 'Asset classes (none ticked: all)', 'assetClasses', ASSET_CLASS, []),
    choices('权利类型（不选为全部）', 'Right types (none ticked: all)', 'rightTypes', RIGHT_TYPE, []),
    field('生效日（空为即日）', 'From (empty: now)', 'validFrom', { type: 'date' }),
    field('终止日（空为长期）', 'Until (empty: no end)', 'validUntil', { type: 'date' }));
  form.append(button('提出互认协议', 'Propose the agreement', box, async () => {
    const v = values(form);
    if (!v.counterparty) throw { zh: '没有可互认的其他登记机构。', en: 'There is no other registry to recognise.' };
    const body = { counterparty: v.counterparty, profiles: ticked(form, 'profiles'), assetClasses: ticked(form, 'assetClasses'), rightTypes: ticked(form, 'rightTypes') };
    if (v.validFrom) body.validFrom = beijingDay(v.validFrom);
    if (v.validUntil) body.validUntil = beijingDay(v.validUntil);
    const r = await session.post('/recognitions', body);
    showRecord(box, r.agreementNo, { 'data-agreement': r.agreementNo }, [`已向 ${r.counterparty} 提出，待其接受`, `proposed to ${r.counterparty}, awaiting its acceptance`],
      RECOGNITION_STATUS, r.status);
  }, { 'data-action': 'propose-recognition' }), box);
  return form;
}

function recognitions(session, agreements, own, parties, profiles) {
  const box = outcomeBox();
  const list = agreements.length
    ? table('recognitions', [['协议编号', 'Agreement'], ['双方', 'Parties'], ['状态', 'Status'], ['范围', 'Scope'], ['期限', 'Term'], ['操作', 'Action']],
      agreementRows(session, agreements, own, box))
    : el('p', { class: 'empty', id: 'recognitions' }, ...bilingual('账本上尚无互认协议。', 'There is no recognition agreement on the ledger.'));
  return section('互认协议', 'Recognition agreements', el('p', { class: 'note' }, ...bilingual(
    '一方提出，另一方接受后在期限内生效；任一方可撤回。交易场所依据的登记机构在协议范围内承认对方的登记。',
    'One registry proposes, the other accepts; in force for its term; either may withdraw. Within its scope a venue relying on one registry takes the other\u2019s registrations.')),
  list, box, ...(own ? [el('h3', {}, ...bilingual('提出互认协议', 'Propose an agreement')), proposeForm(session, own, parties, profiles)] : []));
}

function peerForm(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'add-peer' },
    field('代码', 'Code', 'code', { placeholder: 'SZ' }),
    field('组织标识', 'Organisation (MSP)', 'msp'),
    field('名称', 'Name', 'name'),
    field('根证书（粘贴 PEM）', 'Root certificate (paste the PEM)', 'root', { rows: 6, placeholder: '-----BEGIN CERTIFICATE-----' }),
    field('网关地址', 'Gateway URL', 'url', { placeholder: 'https://registry.example.cn' }),
    field('透明日志公钥（可选）', 'Log key (optional)', 'logKey'),
    field('对方日志的见证方公钥（可选，每行一个）', 'Witness keys of its log (optional, one a line)', 'witnesses', { rows: 3 }),
    field('见证法定人数', 'Witness quorum', 'quorum', { type: 'number', value: '1' }));
  form.append(button('登记对方登记机构', 'Enter the peer registry', box, async () => {
    const v = values(form);
    // As dareg registry add-peer --witness KEY ... --quorum K: the peer log's checkpoints must carry k of these cosignatures.
    const witnesses = v.witnesses.split(/\r?\n/).map((k) => k.trim()).filter(Boolean);
    const p = await session.post('/peer-registries', {
      code: required(form, 'code', '代码', 'code'), msp: required(form, 'msp', '组织标识', 'MSP'), name: required(form, 'name', '名称', 'name'),
      root: pemToBase64Der(required(form, 'root', '根证书', 'root certificate')), url: required(form, 'url', '网关地址', 'gateway URL'), ...(v.logKey ? { logKey: v.logKey } : {}),
      ...(witnesses.length ? { logWitnesses: witnesses, logWitnessQuorum: Number(v.quorum) } : {}),
    });
    showDone(box, el('span', { 'data-peer': p.code }, ...bilingual(`已登记对方登记机构 ${p.code}（${p.name}）；刷新后列出。`, `Peer registry ${p.code} (${p.name}) entered.`)));
  }, { 'data-action': 'add-peer' }), box);
  return form;
}

function peers(session, list, first) {
  const shown = list.length
    ? table('peer-registries', [['代码', 'Code'], ['名称', 'Name'], ['组织', 'Organisation (MSP)'], ['网关', 'Gateway'], ['透明日志公钥', 'Log key'], ['见证方', 'Witnesses'], ['登记', 'Entered']],
      list.map((p) => el('tr', { 'data-peer': p.code }, el('td', {}, p.code), el('td', {}, p.name), el('td', {}, p.msp), el('td', {}, p.url),
        el('td', { class: 'detail' }, p.logKey || '—'),
        el('td', { class: 'detail' }, (p.logWitnesses || []).length ? `${p.logWitnessQuorum} / ${p.logWitnesses.length}：${p.logWitnesses.map((k) => k.split('+')[0]).join('、')}` : '—'),
        el('td', {}, `${chinaTime(p.addedAt)}${p.addedBy ? `，${p.addedBy.id}` : ''}`))))
    : el('p', { class: 'empty', id: 'peer-registries' }, ...bilingual('尚未登记其他账本的登记机构。', 'No registry of another ledger is entered.'));
  return section('其他账本的登记机构', 'Peer registries (other ledgers)', el('p', { class: 'note' }, ...bilingual(
    '本账本据此处登记的根证书核验对方的凭证，对方管理员可在此签署互认协议；由首个登记机构的管理员登记。',
    'This ledger checks a peer\u2019s vouchers against the root entered here, and the peer\u2019s admin may sign its part of agreements here; entered by the first registry\u2019s admin.')),
  shown, ...(first ? [el('h3', {}, ...bilingual('登记对方登记机构', 'Enter a peer registry')), peerForm(session)] : []));
}

/** The registrar hands in a peer's registered-hash voucher naming a live registration there on a hash a registration here rests on. */
function peerDuplicate(session) {
  const box = outcomeBox();
  const file = el('input', { type: 'file', id: 'peer-duplicate-file', accept: '.json,application/json' });
  const form = el('div', { class: 'form', id: 'peer-duplicate' },
    el('p', { class: 'note' }, ...bilingual('其他账本的登记机构在公开地址 /api/v1/public/hashes/{散列}/voucher 答复哪些登记依据该散列；保存其凭证后在此提交（dareg registry check-peers 自动逐一询问）。',
      'A peer registry answers which of its registrations rest on a hash at its public /api/v1/public/hashes/{hash}/voucher; save its voucher and hand it in here (dareg registry check-peers asks every peer for you).')),
    field('本登记机构的登记编号', 'Registration number here', 'regNo'),
    el('label', {}, ...bilingual('对方的散列凭证（JSON）', 'The peer’s registered-hash voucher (JSON)'), file));
  form.append(button('记录一数多登', 'Record the duplicate', box, async () => {
    const regNo = required(form, 'regNo', '登记编号', 'registration number');
    if (!file.files[0]) throw { zh: '请选择对方的散列凭证文件。', en: 'Choose the peer’s voucher file.' };
    const r = await session.post(`/registrations/${encodeURIComponent(regNo)}/peer-duplicates`, { voucher: await jsonFile(file.files[0]) });
    showDone(box, el('span', { 'data-reg-no': r.regNo, 'data-duplicate-of': (r.duplicateOf || []).join(' ') }, ...bilingual(
      `${r.regNo} 已标记一数多登：${(r.duplicateOf || []).join('、')}`, `${r.regNo} flagged as registered elsewhere: ${(r.duplicateOf || []).join(', ')}`)));
  }, { 'data-action': 'record-peer-duplicate' }), box);
  form.append(peerQuestions(session, form));
  return form;
}

/**
 * What dareg registry check-peers asks, as links: each peer registry's public voucher of each evidence hash the
 * registration rests on. The page cannot fetch them itself (its CSP reaches only its own gateway, and a peer's
 * gateway need not allow this origin), but a link opens anywhere: the registrar saves an answer that names a
 * registration there and hands it in above.
 */
function peerQuestions(session, form) {
  const box = outcomeBox();
  const links = el('div', { class: 'results' });
  return el('div', { class: 'form', id: 'peer-questions' }, button('列出要询问各对方登记机构的地址', 'List what to ask each peer registry', box, async () => {
    links.replaceChildren();
    const regNo = required(form, 'regNo', '登记编号', 'registration number');
    const [view, peerList] = await Promise.all([session.get(`/registrations/${encodeURIComponent(regNo)}`), session.get('/peer-registries')]);
    const hashes = await Promise.all((view.registration.evidenceNos || []).map(async (no) => (await session.get(`/evidence/${encodeURIComponent(no)}`)).hash));
    const asks = peerList.flatMap((p) => hashes.map((h) => ({ p, h, url: `${p.url.replace(/\/+$/, '')}/api/v1/public/hashes/${h}/voucher` })));
    showDone(box, el('span', { 'data-questions': String(asks.length) }, ...bilingual(
      `${regNo} 依据 ${hashes.length} 个散列，共 ${peerList.length} 个对方登记机构：${asks.length} 个地址。打开后保存答复，凡答复中列有登记编号的，在上面提交。`,
      `${regNo} rests on ${hashes.length} hashes and there are ${peerList.length} peer registries: ${asks.length} addresses. Open each and save its answer; hand in above each answer that names a registration.`)));
    if (asks.length) {
      links.append(el('ul', { id: 'peer-question-links' }, ...asks.map(({ p, h, url }) => el('li', { 'data-peer': p.code, 'data-hash': h },
        `${p.code}（${p.name}）：`, el('a', { href: url, target: '_blank', rel: 'noopener' }, `${h.slice(0, 16)}…`)))));
    }
  }, { 'data-action': 'peer-questions' }), box, links);
}

/**
 * The duplicate flags of a registry: its applications resting on data another registry registered, and
 * theirs on its own; for its registrar, a form to record one a peer ledger's voucher shows.
 */
export async function duplicates(session, code, registrar = false) {
  if (!code) return el('span');
  const flags = await session.get(`/registries/${encodeURIComponent(code)}/duplicates`);
  const shown = flags.length
    ? table('duplicates', [['登记', 'Registration'], ['另一登记', 'Other registration'], ['散列', 'Hash'], ['标记时间', 'Flagged']],
      flags.map((f) => el('tr', { 'data-reg-no': f.regNo, 'data-other': f.otherRegNo },
        el('td', {}, registrationLink(f.regNo), ` (${f.registry})`), el('td', {}, registrationLink(f.otherRegNo), ` (${f.otherRegistry})`),
        el('td', { class: 'detail' }, `${f.algorithm} ${f.hash.slice(0, 16)}…`), el('td', {}, chinaTime(f.flaggedAt)))))
    : el('p', { class: 'empty', id: 'duplicates' }, ...bilingual('没有一数多登标记。', 'No duplicate flags.'));
  return section(`一数多登（${code}）`, `Duplicates across registries (${code})`, el('p', { class: 'note' }, ...bilingual(
    '申请所依据的数据散列已在另一登记机构登记时，两个登记机构都会看到标记；只比较散列。',
    'When an application rests on a hash another registry already registered, both registries see the flag; only hashes are compared.')), shown,
  ...(registrar ? [el('h3', {}, ...bilingual('其他账本上的一数多登', 'Registered on another ledger')), peerDuplicate(session)] : []));
}

/** The registries view of an organisation's admin. */
export async function render(session, who) {
  const [list, agreements, peerList, profiles] = await Promise.all([
    session.get('/registries'), session.get('/recognitions'), session.get('/peer-registries'), session.get('/profiles')]);
  const own = registryOf(list, who.identity.msp) || (peerList.find((p) => p.msp === who.identity.msp) || {}).code || null;
  const first = list.length && list[0].msp === who.identity.msp;
  const parties = [...list, ...peerList].map((r) => [r.code, r.name]);
  return el('div', { id: 'registries-admin', 'data-own-registry': own || '' },
    section('登记机构', 'Registries', details([['本机构的登记机构', 'This organisation\u2019s registry', own || '尚未开设 none yet']]), registryTable(list)),
    ...(own ? [] : [openForm(session, profiles)]),
    recognitions(session, agreements, own, parties, profiles),
    peers(session, peerList, first),
    ...(registryOf(list, who.identity.msp) ? [await duplicates(session, own)] : []));
}
