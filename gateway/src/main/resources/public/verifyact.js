// The verify page's check of an act (actcheck.js, as `dareg verify-act`): the act file, the CA roots
// the reader trusts to certify authors (PEM, as --trust MSP=ROOT.pem; the organisation is the one the
// reader names, or else each root's subject O) and the skew (as --skew). Nothing is sent anywhere.
import { certificateOf, checkAct } from './actcheck.js';
import { certificatesIn } from './auditreport.js';
import { bilingual, el } from './dom.js';

const $ = (id) => document.getElementById(id);
const VERDICTS = { PASS: ['通过', 'pass'], FAIL: ['未通过', 'fail'], NONE: ['无', 'none'], PARTIAL: ['部分核验', 'partly checked'] };
const NAMES = {
  TX_ROOT: ['交易在区块中', 'Transaction in its block'], HEADER_SIGNATURE: ['节点签名', 'Node signature on the block header'],
  AUTHOR: ['作者的签名请求', 'The author\u2019s signed request'], OPERATION: ['签署的操作', 'Operation signed'],
  LOG_RECEIPT: ['透明日志回执', 'Transparency log receipt'], FABRIC: ['Fabric 区块', 'Fabric block'],
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
  let result;
  try {
    result = await checkAct(await file.text(), roots, skew);
  } catch (e) {
    return refuse('这不是可以核验的行为文件。', 'This is not an act file that can be checked.', String(e.message || e));
  }
  return show(result);
}

$('act-button').addEventListener('click', () => {
  check().catch((e) => refuse('无法核验此行为。', 'The act cannot be checked.', String(e.message || e)));
});
