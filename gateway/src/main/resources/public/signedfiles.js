// The verify page's check of a signed file, in the browser: a judicial extract PDF (extractcheck.js,
// as `dareg report check-extract`) or a signed ledger audit report JSON (auditreport.js, as `dareg
// ledger check-report`), against the registry root the reader chooses (as --roots). Nothing is sent.
import { certificatesIn, checkAuditReport } from './auditreport.js';
import { bilingual, el } from './dom.js';
import { checkExtract } from './extractcheck.js';

const $ = (id) => document.getElementById(id);

const NAMES = {
  SIGNATURE: ['签名', 'Signature'], COVERAGE: ['覆盖范围', 'Coverage'], CHAIN: ['证书链', 'Chain to the registry root'],
  ATTACHMENT: ['附件', 'Attached extract'], REPORT: ['审计报告签名', 'Audit report signature'], AUDIT: ['审计结果', 'Audit outcome'],
};

function show(kind, valid, checks) {
  const outcome = $('signed-file-outcome');
  outcome.className = valid ? 'valid' : 'invalid';
  outcome.dataset.valid = String(valid);
  outcome.dataset.kind = kind;
  const [zh, en] = kind === 'extract' ? ['司法存证摘录', 'judicial extract'] : ['账本审计报告', 'ledger audit report'];
  outcome.replaceChildren(...bilingual(valid ? `✔ ${zh}有效` : `✘ ${zh}无效`, valid ? `Valid ${en}` : `NOT a valid ${en}`));
  $('document-checks').replaceChildren(...checks.map((c) => el('li', { 'data-check': c.name, 'data-outcome': c.passed ? 'PASS' : 'FAIL' },
    el('span', { class: 'verdict' }, ...bilingual(c.passed ? '通过' : '未通过', c.passed ? 'pass' : 'fail')),
    el('span', { class: 'name' }, ...bilingual(...NAMES[c.name])),
    el('p', { class: 'words' }, ...bilingual(c.zh, c.en)))));
  $('signed-file-result').hidden = false;
}

async function checkFile() {
  const file = $('signed-file-input').files[0];
  $('signed-file-result').hidden = true;
  $('error').hidden = true;
  if (!file) {
    $('error').replaceChildren(...bilingual('请选择要核验的文件（PDF 或 JSON）。', 'Choose the file to check (PDF or JSON).'));
    $('error').hidden = false;
    return;
  }
  const rootsFile = $('roots-file').files[0];
  const roots = rootsFile ? certificatesIn(await rootsFile.text()) : [];
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (new TextDecoder('latin1').decode(bytes.slice(0, 5)) === '%PDF-') {
    const result = await checkExtract(bytes, roots);
    show('extract', result.valid, result.checks);
    return;
  }
  let signed;
  try {
    signed = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    show('report', false, [{ name: 'REPORT', passed: false, zh: '文件既不是 PDF 也不是 JSON。', en: 'The file is neither a PDF nor JSON.' }]);
    return;
  }
  const checked = await checkAuditReport(signed, roots);
  const checks = [{ name: 'REPORT', passed: checked.valid, zh: checked.zh, en: checked.en }];
  if (checked.audit) {
    const f = checked.audit.finding;
    checks.push({ name: 'AUDIT', passed: !f, zh: f ? `区块 ${f.block} 处审计失败：${f.what}` : `链完整：${checked.audit.blocks} 个区块，${checked.audit.transactions} 笔交易。`,
      en: f ? `The chain FAILED at block ${f.block}: ${f.what}` : `Chain verified: ${checked.audit.blocks} blocks, ${checked.audit.transactions} transactions, head ${checked.audit.headHash}.` });
  }
  show('report', checks.every((c) => c.passed), checks);
}

$('signed-file-button').addEventListener('click', () => {
  checkFile().catch((e) => {
    $('error').replaceChildren(...bilingual('无法核验此文件。', 'The file cannot be checked.'), ' ', el('span', { class: 'detail' }, String(e.message || e)));
    $('error').hidden = false;
  });
});
