// The verify page's check of an act (actcheck.js, as `dareg verify-act`): the act file, the CA roots
// the reader trusts to certify authors (PEM, as --trust MSP=ROOT.pem; the organisation is the one the
// reader names, or else each root's subject O) and the skew (as --skew); for an act exported from
// Fabric, the network's CA roots (as --fabric-trust MSP=CA.pem: the MSP ids named in the order of the
// files, or else each root's subject O); for its log receipt, the log's key, the witnesses' keys and
// the quorum (as --log-key, --witness, --quorum). Nothing is sent anywhere, unless the reader ticks the
// --online check: then the newest checkpoint and a consistency proof are fetched from this page's origin.
import { certificateOf } from './actauthor.js';
import { checkAct } from './actcheck.js';
import { certificatesIn } from './auditreport.js';
import { bilingual, el } from './dom.js';
import { receiptKeys } from './logreceipt.js';

const $ = (id) => document.getElementById(id);
const VERDICTS = { PASS: ['通过', 'pass'], FAIL: ['未通过', 'fail'], NONE: ['无', 'none'], PARTIAL: ['部分核验', 'partly checked'] };
const NAMES = {
  TX_ROOT: ['交易在区块中', 'Transaction in its block'], HEADER_SIGNATURE: ['节点签名', 'Node signature on the block header'],
  AUTHOR: ['作者的签名请求', 'The author\u2019s signed request'], OPERATION: ['签署的操作', 'Operation signed'],
  LOG_RECEIPT: ['透明日志回执', 'Transparency log receipt'], LOG_CONSISTENCY: ['日志延续回执', 'The log\u2019s newest checkpoint extends the receipt\u2019s'], BLOCK_DATA: ['区块数据', 'Block data under its header'],
  ORDERER: ['排序节点签名', 'Orderer signature on the block'], TRANSACTION: ['交易在区块中', 'Transaction in its block'],
  CHANNEL: ['通道', 'Channel'], PROPOSER: ['提交者签名', 'Proposer signature'], ENDORSEMENT: ['背书', 'Endorsements'],
  VALIDATION: ['提交时的有效标记', 'Validity flag at commit'],
};

function refuse(zh, en, detail) {
  $('act-result').hidden = true;
  $('error').replaceChildren(...bilingual(zh, en), ...(detail ? [' ', el('span', { class: 'detail' }, detail)] : []));
  $('error').hidden = false;
}

/** The chosen roots, each with its organisation: the one named, or its subject's O (or CN). */
async function chosenRoots() {
  const named = $('act-organisation').value.trim();
  const roots = [];
  for (const file of $('act-roots').files) {
    for (const der of certificatesIn(await file.text())) {
      const certificate = certificateOf(der);
      roots.push({ certificate, organisation: named || certificate.subject.attributes.O || certificate.subject.attributes.CN || '?' });
    }
  }
  return roots;
}

/** The Fabric network's roots, each with its MSP id: the one named in its place in the list, or its subject's O. */
async function fabricRoots() {
  const named = $('act-fabric-msps').value.split(',').map((m) => m.trim());
  const roots = [];
  for (const file of $('act-fabric-roots').files) {
    for (const der of certificatesIn(await file.text())) {
      const certificate = certificateOf(der);
      roots.push({ certificate, organisation: named[roots.length] || certificate.subject.attributes.O || '?' });
    }
  }
  return roots;
}

/** The log receipt's keys the reader gave (as --log-key, --witness, --quorum), or null for none. */
async function logKeys() {
  const [log] = $('act-log-key').files;
  if (!log) return null;
  const witnesses = await Promise.all([...$('act-witnesses').files].map((f) => f.text()));
  const quorum = $('act-quorum').value.trim();
  return receiptKeys(await log.text(), witnesses, quorum === '' ? null : Number(quorum));
}

function show(result) {
  const outcome = $('act-outcome');
  outcome.className = result.valid ? 'valid' : 'invalid';
  outcome.dataset.valid = String(result.valid);
  outcome.replaceChildren(...bilingual(result.valid ? '✔ 行为有效' : '✘ 行为无效', result.valid ? 'The act is VALID' : 'The act is NOT VALID'));
  const rows = [['作者', 'Author', result.author], ['组织', 'Organisation', result.organisation], ['操作', 'Operation', result.operation]];
  $('act-summary').replaceChildren(...rows.flatMap(([zh, en, v]) => [el('dt', {}, ...bilingual(zh, en)), el('dd', {}, v || '—')]));
  $('act-checks').replaceChildren(...result.lines.map((l) => el('li', { 'data-check': l.name, 'data-outcome': l.outcome },
    el('span', { class: 'verdict' }, ...bilingual(...VERDICTS[l.outcome])),
    el('span', { class: 'name' }, ...bilingual(...NAMES[l.name])),
    el('p', { class: 'words' }, ...bilingual(l.zh, l.en)))));
  $('act-result').hidden = false;
}

async function check() {
  $('error').hidden = true;
  $('act-result').hidden = true;
  const file = $('act-file').files[0];
  if (!file) return refuse('请选择行为文件（dareg act 或控制台“保存行为”所得的 JSON）。', 'Choose the act file (the JSON dareg act or the console\u2019s "save act" wrote).');
  const skew = Number($('act-skew').value || '300');
  if (!Number.isFinite(skew) || skew < 0) return refuse('时间偏差应为 0 或更多秒（同 --skew，默认 300）。', 'The skew is 0 or more seconds (as --skew; 300 by default).');
  const roots = await chosenRoots();
  if (!roots.length) return refuse('请选择受信的根证书（PEM，同 --trust）：用以核验作者证书。', 'Choose the roots you trust (PEM, as --trust) to check the author\u2019s certificate against.');
  let keys;
  try {
    keys = await logKeys();
  } catch (e) {
    return refuse('日志或见证方的公钥无法使用（同 --log-key、--witness、--quorum）。', 'The log\u2019s or the witnesses\u2019 keys cannot be used (as --log-key, --witness, --quorum).', String(e.message || e));
  }
  let result;
  try {
    result = await checkAct(await file.text(), roots, skew, { fabricRoots: await fabricRoots(), receipt: keys, online: $('act-online').checked });
  } catch (e) {
    return refuse('这不是可以核验的行为文件。', 'This is not an act file that can be checked.', String(e.message || e));
  }
  return show(result);
}

$('act-button').addEventListener('click', () => {
  check().catch((e) => refuse('无法核验此行为。', 'The act cannot be checked.', String(e.message || e)));
});
