// A holder's pages: the account statement (the account and every registration under it with its
// certificate), applying for registration from a form (the evidence file and the signed undertaking
// are hashed here; only their hashes leave), corrections, changes and objections (changes.js), transfers,
// pledges, licences and trusts with co-holders' consent (rights.js), and, in a trade, recording a
// delivery (seller) or answering it (buyer).
import { bilingual, chinaTime, el } from './dom.js';
import { ACCOUNT_KIND, ACQUISITION, ASSET_CLASS, ATTACHMENT_KIND, ASSET_FORM, CLASSIFICATION, DELIVERY_MODE, FREQUENCY, RIGHT_TYPE, SOURCE, named } from './labels.js';
import * as applicant from './applicant.js';
import * as changes from './changes.js';
import * as rights from './rights.js';
import { sha256 } from './session.js';
import { button, details, field, outcomeBox, registrationLink, registrationTable, section, showDone, values } from './ui.js';

async function statement(session, accountId) {
  const [account, page] = await Promise.all([
    session.get(`/accounts/${encodeURIComponent(accountId)}`),
    session.get(`/registrations?holder=${encodeURIComponent(accountId)}&pageSize=200`),
  ]);
  return [page.items, section('账户对账单', 'Account statement',
    details([
      ['账户', 'Account', account.accountId],
      ['名称', 'Name', account.name],
      ['类型', 'Kind', named(ACCOUNT_KIND, account.kind)],
      ['状态', 'State', account.open ? '正常 open' : `已关闭 closed ${chinaTime(account.closedAt)}`],
      ['开立时间', 'Opened', chinaTime(account.openedAt)],
      ['登记数', 'Registrations', `${page.items.length}${page.bookmark ? '+' : ''}`],
    ]),
    page.items.length ? registrationTable(page.items, 'holdings')
      : el('p', { class: 'empty' }, ...bilingual('尚无登记。', 'No registrations yet.')))];
}

function applicationForm(session) {
  const box = outcomeBox();
  const file = el('input', { type: 'file', id: 'evidence-file' });
  const signedFile = el('input', { type: 'file', id: 'attachment-file' });
  const form = el('div', { class: 'form', id: 'apply' },
    field('数据资产名称（应用场景+数据）', 'Asset name (scenario + data)', 'name'),
    field('版本', 'Version', 'version', { value: '1.0' }),
    field('权利类型', 'Right', 'rightType', { options: RIGHT_TYPE }),
    field('资产类别', 'Class', 'assetClass', { options: ASSET_CLASS }),
    field('形态', 'Form', 'form', { options: ASSET_FORM }),
    field('行业代码（GB/T 4754）', 'Industry code (GB/T 4754)', 'industry', { placeholder: 'I64' }),
    field('覆盖地域', 'Area covered', 'coverageArea'),
    field('数据起始日期', 'Data from', 'from', { type: 'date' }),
    field('数据来源', 'Source', 'source', { options: SOURCE }),
    field('取得方式', 'Acquisition', 'acquisition', { options: ACQUISITION }),
    field('更新频率', 'Update frequency', 'updateFrequency', { options: FREQUENCY }),
    field('记录数', 'Records', 'records', { type: 'number', value: '0' }),
    field('字节数', 'Bytes', 'bytes', { type: 'number', value: '0' }),
    field('应用场景（顿号或逗号分隔）', 'Scenarios (comma separated)', 'scenarios'),
    field('适用范围', 'Scope of use', 'scope'),
    field('处理规则摘要', 'Processing summary', 'algorithmSummary', { rows: 2 }),
    field('分类分级', 'Classification', 'classification', { options: CLASSIFICATION }),
    field('共同权利人账户（逗号分隔，可空；每位须确认申请）', 'Co-holder accounts (comma separated, may be empty; each confirms the application)', 'coHolders'),
    field('已有存证编号（逗号分隔）', 'Evidence numbers already deposited (comma separated)', 'evidenceNos'),
    el('label', {}, ...bilingual('或选择数据文件存证（在本机计算 SHA-256，文件不上传）', 'or pick the data file to deposit (SHA-256 computed here, the file is not sent)'), file),
    el('p', { class: 'note' }, ...bilingual('规则要求的文件（如天津的合规承诺书、大连的责任承诺书）只提交摘要，原件留存本单位。',
      'Documents the profile requires (e.g. TJ-DIP\u2019s compliance undertaking, DL\u2019s responsibility undertaking) are sent by hash only; keep the signed original.')),
    field('附件类型', 'Attached document', 'attachmentKind', { options: ATTACHMENT_KIND }),
    field('出具人', 'Issued by', 'attachmentIssuer'),
    field('签署日期', 'Dated', 'attachmentDate', { type: 'date' }),
    el('label', {}, ...bilingual('选择已签署的文件（在本机计算 SHA-256，文件不上传）', 'pick the signed document (SHA-256 computed here, the file is not sent)'), signedFile));
  form.append(button('提交登记申请', 'Apply', box, async () => {
    const v = values(form);
    const evidenceNos = v.evidenceNos.split(/[,，、\s]+/).filter(Boolean);
    let deposit = null;
    if (file.files[0]) {
      const bytes = new Uint8Array(await file.files[0].arrayBuffer());
      deposit = { algorithm: 'SHA256', hash: await sha256(bytes), size: bytes.length, channel: 'dareg' }; // the registry's own evidence service
    }
    const attachments = [];
    if (signedFile.files[0]) {
      const bytes = new Uint8Array(await signedFile.files[0].arrayBuffer());
      attachments.push({ kind: v.attachmentKind, issuer: v.attachmentIssuer, algorithm: 'SHA256', hash: await sha256(bytes), date: v.attachmentDate || null });
    }
    const coHolders = v.coHolders.split(/[,，、\s]+/).filter(Boolean);
    const application = {
      rightType: v.rightType,
      ...(coHolders.length ? { coHolders } : {}),
      evidenceNos,
      attachments,
      asset: {
        name: v.name, version: v.version, assetClass: v.assetClass, form: v.form, industry: v.industry, coverageArea: v.coverageArea,
        timeSpan: { from: v.from || null }, sources: [v.source], acquisition: v.acquisition, structure: [],
        scale: { records: Number(v.records), bytes: Number(v.bytes) }, updateFrequency: v.updateFrequency,
        scenarios: v.scenarios.split(/[,，、]+/).map((x) => x.trim()).filter(Boolean), scope: v.scope,
        algorithmSummary: v.algorithmSummary, classification: v.classification,
      },
    };
    // A picked file is deposited with the application in one signed transaction (register): refused, nothing is deposited.
    const registration = deposit
      ? (await session.post('/registrations/with-evidence', { evidence: [deposit], application })).registration
      : await session.post('/registrations', application);
    showDone(box, ...bilingual('申请已提交：', 'Applied:'), ' ', registrationLink(registration.regNo));
  }, { 'data-action': 'apply' }), box);
  return section('申请登记', 'Apply for registration', form);
}

function deliveryForm(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'deliver' },
    el('p', { class: 'note' }, ...bilingual('交易的卖方记录交付；摘要、大小和分片数取自 dareg hash 的输出。',
      'The trade\u2019s seller records a delivery; root, size and parts are what dareg hash prints for the payload.')),
    field('交易编号', 'Trade no.', 'tradeNo'),
    field('交付方式', 'Mode', 'mode', { options: DELIVERY_MODE }),
    field('应用场景（许可列明场景时必填）', 'Scenario (required when the licence lists scenarios)', 'scenario'),
    field('摘要算法', 'Hash algorithm', 'algorithm', { options: { SM3: ['SM3', 'SM3'], SHA256: ['SHA-256', 'SHA-256'] } }),
    field('默克尔根', 'Merkle root', 'payloadRoot'),
    field('字节数', 'Bytes', 'size', { type: 'number' }),
    field('分片数', 'Parts', 'parts', { type: 'number', value: '1' }));
  form.append(button('记录交付', 'Record the delivery', box, async () => {
    const v = values(form);
    const delivery = await session.post(`/trades/${encodeURIComponent(v.tradeNo)}/deliveries`, {
      mode: v.mode, scenario: v.scenario || null, algorithm: v.algorithm, payloadRoot: v.payloadRoot.toLowerCase(), size: Number(v.size), parts: Number(v.parts),
    });
    showDone(box, el('span', { 'data-delivery-no': delivery.deliveryNo }, ...bilingual(`交付已记录：${delivery.deliveryNo}`, `Delivery recorded: ${delivery.deliveryNo}`)));
  }, { 'data-action': 'deliver' }), box);
  return section('记录交付', 'Record a delivery', form);
}

function completionForm(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'complete-delivery' },
    el('p', { class: 'note' }, ...bilingual('交易的卖方记录交付完成，或记录交付后数据已删除。', 'The trade\u2019s seller records a delivery complete, or the data deleted after it.')),
    field('交付编号', 'Delivery no.', 'deliveryNo'));
  const act = (step, zh, en, doneZh, doneEn) => button(zh, en, box, async () => {
    const d = await session.post(`/deliveries/${encodeURIComponent(values(form).deliveryNo)}/${step}`);
    showDone(box, el('span', { 'data-delivery-no': d.deliveryNo }, ...bilingual(`交付 ${d.deliveryNo}：${doneZh}`, `Delivery ${d.deliveryNo}: ${doneEn}`)));
  }, { 'data-action': `delivery-${step}` });
  form.append(act('completion', '交付完成', 'Complete', '已完成', 'completed'), act('deletion', '数据已删除', 'Data deleted', '已记录删除', 'deletion recorded'), box);
  return section('交付完成与删除', 'Completion and deletion', form);
}

function answerForm(session) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id: 'answer-delivery' },
    el('p', { class: 'note' }, ...bilingual('交易的买方确认或拒收交付；说明或理由的 SHA-256 记录在链上。',
      'The trade\u2019s buyer accepts or rejects a delivery; the SHA-256 of the note or reasons goes on the ledger.')),
    field('交付编号', 'Delivery no.', 'deliveryNo'),
    field('验收说明或拒收理由', 'Acceptance note or reasons for rejection', 'note', { rows: 2 }));
  const answer = (accepted, zh, en) => button(zh, en, box, async () => {
    const v = values(form);
    const d = await session.post(`/deliveries/${encodeURIComponent(v.deliveryNo)}/answer`, { accepted, answerHash: await sha256(v.note) });
    showDone(box, ...bilingual(`交付 ${d.deliveryNo} 已${accepted ? '确认' : '拒收'}。`, `Delivery ${d.deliveryNo} ${accepted ? 'accepted' : 'rejected'}.`));
  }, { 'data-action': accepted ? 'accept-delivery' : 'reject-delivery' });
  form.append(answer(true, '确认收货', 'Accept'), answer(false, '拒收', 'Reject'), box);
  return section('答复交付', 'Answer a delivery', form);
}

export async function render(session, who) {
  if (!who.accountId) {
    return el('p', { class: 'note' }, ...bilingual('此身份不属于任何登记主体账户：请登记机构为您开立账户。',
      'This identity acts for no holder account: ask the registry to open one for you.'));
  }
  const [items, account] = await statement(session, who.accountId);
  return el('div', {}, account, ...changes.render(session, items), applicationForm(session), ...applicant.render(session), ...rights.render(session),
    deliveryForm(session), completionForm(session), answerForm(session));
}
