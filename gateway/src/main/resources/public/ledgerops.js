// Operating the ledger from the console (issue 27), by the operations the gateway already serves:
// the registry admin and regulators audit the embedded ledger's chain (auditLedger: a report signed
// by the node key, checked here as `dareg ledger check-report` checks it, and saved for it) and read
// the gateway's hash-chained request audit log (readAuditLog); the registry admin saves a backup
// (backupLedger, as `dareg ledger backup`) and is told how to restore one, which works on a stopped
// gateway's data directory and so cannot run from a page the gateway serves; both see the
// transparency log's checkpoint and its witnesses' cosignatures (public routes), what `dareg
// monitor` follows and `dareg witness` cosigns. The monitor and the witnesses stay processes beside
// the log: a witness holds its own organisation's key, and the monitor keeps what it saw between runs.
import { checkAuditReport } from './auditreport.js';
import { bilingual, chinaTime, el } from './dom.js';
import { saveBlob } from './downloads.js';
import { button, details, field, labelled, outcomeBox, section, showDone, values } from './ui.js';

const tone = (ok, zh, en) => el('span', { class: 'status', 'data-tone': ok ? 'ok' : 'ended' }, ...bilingual(zh, en));

/** The rows of a chain audit (core's ChainAudit.Report). */
function auditRows(a) {
  return [
    ['区块', 'Blocks', a.blocks],
    ['交易', 'Transactions', a.transactions],
    ['审计字节', 'Bytes audited', a.bytes],
    ['末块哈希', 'Head hash', el('code', {}, a.headHash)],
    ['末块时间', 'Head time', chinaTime(a.headTime)],
    ['节点密钥', 'Node key', a.nodeKeyId],
    ['问题', 'Finding', a.finding ? `区块 block ${a.finding.block}（offset ${a.finding.offset}）：${a.finding.what}` : '无 none'],
  ];
}

/** Auditing the chain at the gateway; the signed report shown, checked here and saved on request. */
function audit(session) {
  const box = outcomeBox();
  const shown = el('div', { class: 'results' });
  const form = el('div', { class: 'form', id: 'ledger-audit' }, el('p', { class: 'note' }, ...bilingual(
    '网关逐块审计账本文件（哈希链、默克尔根、节点签名），报告由节点密钥签名；本页再核验该签名。保存的报告可用 dareg ledger check-report 离线核验。',
    'The gateway audits every block of the ledger\u2019s file (hash chain, Merkle roots, node signatures) and signs the report with the node key; this page checks that signature. A saved report checks offline with dareg ledger check-report.')));
  let last = null;
  const save = outcomeBox();
  const saveButton = button('保存审计报告', 'Save the audit report', save, async () => {
    const name = `ledger-audit-${last.report.auditedAt.replace(/[:.]/g, '-')}.json`;
    saveBlob(new Blob([JSON.stringify(last, null, 2)], { type: 'application/json' }), name);
    showDone(save, el('span', { 'data-downloaded': name }, ...bilingual(`已保存 ${name}`, `Saved ${name}`)));
  }, { 'data-action': 'save-audit' });
  const saving = el('div', { class: 'form', id: 'audit-report-file', hidden: '' }, saveButton, save);
  form.append(button('审计账本', 'Audit the ledger', box, async () => {
    shown.replaceChildren();
    saving.hidden = true;
    const signed = await session.get('/ledger/audit');
    const checked = await checkAuditReport(signed);
    last = signed;
    const valid = !signed.report.audit.finding;
    showDone(box, el('span', { 'data-audit': valid ? 'valid' : 'failed', 'data-signature': checked.valid ? 'verified' : 'failed' },
      valid ? tone(true, '链完整', 'chain verified') : tone(false, '链损坏', 'chain FAILED'), ' ',
      checked.valid ? tone(true, '签名有效', 'signature verified') : tone(false, '签名无效', 'signature NOT valid')));
    shown.append(details([...auditRows(signed.report.audit), ['签名', 'Signature', `${checked.zh} ${checked.en}`], ['来源', 'Source', signed.report.source]]));
    saving.hidden = false;
  }, { 'data-action': 'audit-ledger' }), box, shown, saving);
  return form;
}

/** The node key's PEM from the base64 DER the backup's Dareg-Node-Key header carries. */
function publicKeyPem(base64) {
  return `-----BEGIN PUBLIC KEY-----\n${base64.match(/.{1,64}/g).join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** A backup: the committed block file (audited by the gateway before it is sent) and the node's public key. */
function backup(session) {
  const box = outcomeBox();
  const keyBox = outcomeBox();
  let nodeKey = null;
  const keyButton = button('保存节点公钥', 'Save the node\u2019s public key', keyBox, async () => {
    saveBlob(new Blob([publicKeyPem(nodeKey)], { type: 'application/x-pem-file' }), 'node-key.pub.pem');
    showDone(keyBox, el('span', { 'data-downloaded': 'node-key.pub.pem' }, ...bilingual('已保存 node-key.pub.pem', 'Saved node-key.pub.pem')));
  }, { 'data-action': 'save-node-key' });
  const keyFile = el('div', { class: 'form', id: 'node-key-file', hidden: '' }, keyButton, keyBox);
  const form = el('div', { class: 'form', id: 'ledger-backup' }, el('p', { class: 'note' }, ...bilingual(
    '下载已提交的区块文件（网关发送前已审计）和节点公钥，放入同一文件夹后用 dareg ledger verify --data 文件夹 离线审计副本。大型账本请用 dareg ledger backup -o 文件夹：它边下载边写盘并在保存前审计。',
    'Downloads the committed block file (the gateway audits it before sending) and the node\u2019s public key; put both in one folder and audit the copy offline with dareg ledger verify --data FOLDER. For a large ledger use dareg ledger backup -o FOLDER, which writes to disk as it downloads and audits the copy before keeping it.')));
  form.append(button('下载备份', 'Download a backup', box, async () => {
    keyFile.hidden = true;
    const { blob, headers } = await session.fetchDocument('/ledger/backup', 'blocks.dat');
    nodeKey = headers.get('Dareg-Node-Key');
    saveBlob(blob, 'blocks.dat');
    showDone(box, el('span', { 'data-downloaded': 'blocks.dat', 'data-blocks': headers.get('Dareg-Blocks') || '' },
      ...bilingual(`已下载 blocks.dat：${headers.get('Dareg-Blocks')} 个区块，${blob.size} 字节，末块哈希 ${headers.get('Dareg-Head-Hash')}。`,
        `Downloaded blocks.dat: ${headers.get('Dareg-Blocks')} blocks, ${blob.size} bytes, head ${headers.get('Dareg-Head-Hash')}.`)));
    keyFile.hidden = !nodeKey;
  }, { 'data-action': 'backup-ledger' }), box, keyFile);
  return form;
}

/** Restoring runs on the stopped gateway's data directory: the page says so and shows the commands. */
function restore() {
  return el('div', { class: 'form', id: 'ledger-restore' },
    el('p', { class: 'note' }, ...bilingual(
      '恢复备份须在网关停止时进行，无法在本页（由运行中的网关提供）完成。在网关所在的机器上依次执行：',
      'Restoring a backup works on a stopped gateway, so it cannot run from this page, which the running gateway serves. On the gateway\u2019s machine:')),
    el('pre', { id: 'restore-command' }, '# 1. 停止网关 stop the gateway\n'
      + 'dareg ledger verify --data BACKUP-FOLDER\n'
      + 'dareg ledger restore BACKUP-FOLDER --data DATA-DIR\n'
      + '# 2. 启动网关 start the gateway: dareg serve --data DATA-DIR'),
    el('p', { class: 'note' }, ...bilingual('被替换的区块文件保留在原处（blocks.dat.before-restore-时间），不会删除；备份须由同一节点制作（节点密钥不随备份传递）。',
      'The block file it replaces is kept beside it (blocks.dat.before-restore-TIME), never deleted; the backup must come from the same node (node keys never travel in backups).')));
}

/** The gateway's request audit log: the last entries and the check of its hash chain. */
function auditLog(session) {
  const box = outcomeBox();
  const shown = el('div', { class: 'results' });
  const form = el('div', { class: 'form', id: 'audit-log' }, field('显示最近多少条', 'How many of the latest entries', 'limit', { type: 'number', value: '50' }));
  form.append(button('读取审计日志', 'Read the audit log', box, async () => {
    shown.replaceChildren();
    const limit = Math.min(Math.max(Number(values(form).limit) || 50, 1), 5000);
    const { chain } = await session.get('/audit?limit=1');
    const read = await session.get(`/audit?after=${Math.max(chain.lines - limit - 1, -1)}&limit=${limit}`);
    const c = read.chain;
    showDone(box, el('span', { 'data-chain': c.valid ? 'valid' : 'broken', 'data-lines': String(c.lines) },
      c.valid ? tone(true, `哈希链完整：共 ${c.lines} 条`, `chain intact: ${c.lines} entries`) : tone(false, `哈希链断裂：${c.problem}`, `chain BROKEN: ${c.problem}`)));
    shown.append(labelled(el('table', { class: 'registrations', id: 'audit-entries' },
      el('thead', {}, el('tr', {}, ...[['序号', 'Seq.'], ['时间', 'Time'], ['调用者', 'Caller'], ['操作', 'Operation'], ['请求', 'Request'], ['结果', 'Outcome'], ['交易', 'Transaction']]
        .map(([zh, en]) => el('th', {}, ...bilingual(zh, en))))),
      el('tbody', {}, ...read.entries.slice().reverse().map((e) => el('tr', { 'data-seq': String(e.seq), 'data-operation': e.operation },
        el('td', {}, String(e.seq)), el('td', {}, chinaTime(e.time)), el('td', {}, `${e.msp ? `${e.msp} ` : ''}${e.user}${e.role ? `（${e.role}）` : ''}`),
        el('td', {}, e.operation), el('td', {}, `${e.method} ${e.path}`), el('td', {}, `${e.status} ${e.outcome}`),
        el('td', {}, e.txId ? el('code', {}, `${e.txId.slice(0, 16)}…`) : '—')))))));
  }, { 'data-action': 'read-audit-log' }), box, shown);
  return form;
}

/** A C2SP signed note: its origin, size and root hash, and the names of the keys whose lines it carries. */
export function parseCheckpoint(note) {
  const [body, signatures = ''] = String(note).split('\n\n');
  const [origin, size, root] = body.split('\n');
  const names = signatures.split('\n').map((l) => /^\u2014 (\S+) /.exec(l)).filter(Boolean).map((m) => m[1]);
  return { origin, size: Number(size), root, names };
}

async function text(path) {
  const response = await fetch(`/api/v1${path}`, { headers: { Accept: 'text/plain' } });
  return response.ok ? response.text() : null;
}

/** The transparency log's newest checkpoint and the newest witnessed one, with who cosigned it. */
function log(session) {
  const box = outcomeBox();
  const shown = el('div', { class: 'results' });
  const form = el('div', { class: 'form', id: 'log-status' }, el('p', { class: 'note' }, ...bilingual(
    '每笔已提交交易是透明日志的一片叶子；见证方（其他组织）核验一致性后联署检查点。持续跟踪日志用 dareg monitor，见证方用自己的密钥运行 dareg witness。',
    'Every committed transaction is a leaf of the transparency log; witnesses of other organisations check consistency and cosign its checkpoints. dareg monitor follows the log over time; each witness runs dareg witness with its own key.')));
  form.append(button('查看日志状态', 'Show the log\u2019s state', box, async () => {
    shown.replaceChildren();
    const [newest, witnessed, key, settings] = await Promise.all([text('/log/checkpoint'), text('/log/checkpoint/witnessed'), text('/log/key'), session.get('/settings')]);
    if (!newest) throw { zh: '此网关没有透明日志（Fabric 账本请用 Fabric 自己的工具）。', en: 'This gateway keeps no transparency log (on Fabric, use Fabric\u2019s own tools).' };
    const tree = parseCheckpoint(newest);
    const logName = key ? key.trim().split('+')[0] : tree.names[0];
    const w = witnessed ? parseCheckpoint(witnessed) : null;
    const cosigners = w ? w.names.filter((n) => n !== logName) : [];
    const named = settings.logWitnesses || [];
    showDone(box, el('span', { 'data-log-size': String(tree.size), 'data-witnessed-size': w ? String(w.size) : '' },
      w ? tone(w.size === tree.size, `已见证至 ${w.size} / ${tree.size}`, `witnessed to ${w.size} of ${tree.size}`)
        : tone(false, named.length ? '尚无达到法定人数的联署检查点' : '未指定见证方', named.length ? 'no checkpoint cosigned by the quorum yet' : 'no witnesses named')));
    shown.append(details([
      ['日志', 'Log', tree.origin],
      ['叶子数', 'Leaves', tree.size],
      ['根哈希', 'Root hash', el('code', {}, tree.root)],
      ['已见证的检查点', 'Witnessed checkpoint', w ? `${w.size}（${w.root}）` : '—'],
      ['联署见证方', 'Cosigned by', cosigners.join('、') || '—'],
      ['法定人数', 'Quorum', named.length ? `${settings.logWitnessQuorum} / ${named.length}` : '—'],
      ['尚待见证的叶子', 'Leaves not yet witnessed', w ? tree.size - w.size : tree.size],
    ]));
  }, { 'data-action': 'log-status' }), box, shown);
  return form;
}

/** The operator's section: the registry admin (admin true) gets backup and restore too; regulators audit and read. */
export function render(session, admin) {
  return section('账本运行', 'Operating the ledger',
    el('h3', {}, ...bilingual('账本审计', 'Ledger audit')), audit(session),
    ...(admin ? [el('h3', {}, ...bilingual('备份', 'Backup')), backup(session), el('h3', {}, ...bilingual('恢复', 'Restore')), restore()] : []),
    el('h3', {}, ...bilingual('请求审计日志', 'Request audit log')), auditLog(session),
    el('h3', {}, ...bilingual('透明日志与见证', 'Transparency log and witnesses')), log(session));
}
