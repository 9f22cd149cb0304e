// The public verify page: a certificate from the QR link (?cert=CERTNO), a file or pasted text,
// checked by the gateway's verify endpoint, each check shown in plain words; with a data file, its
// hash (computed here, as dareg verify --data does for a file) is matched against the evidence.
import { CHECKS, OUTCOMES, explain } from './checks.js';
import { bilingual, el } from './dom.js';
import { TRANSPARENCY_LOG } from './labels.js';
import { sm3 } from './sm2.js';

const API = '/api/v1';
const $ = (id) => document.getElementById(id);

function status(zh, en) {
  $('status').replaceChildren(...(zh ? bilingual(zh, en) : []));
}

function showError(zh, en, detail) {
  status();
  $('result').hidden = true;
  const e = $('error');
  e.replaceChildren(...bilingual(zh, en), ...(detail ? [el('br'), el('span', { class: 'detail' }, detail)] : []));
  e.hidden = false;
}

async function problemDetail(response) {
  try {
    const p = await response.json();
    return p.detail || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

const hexOf = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The chosen data file's hash in the algorithm of the certificate's evidence (SM3 or SHA256), or null without a file. */
async function dataClaim(certificate) {
  const file = $('data-file').files[0];
  if (!file) return null;
  const evidence = ((certificate.payload || {}).evidence || []);
  const algorithm = evidence.length && evidence[0].algorithm === 'SHA256' ? 'SHA256' : 'SM3';
  const bytes = new Uint8Array(await file.arrayBuffer());
  const hash = algorithm === 'SHA256' ? hexOf(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))) : hexOf(sm3(bytes));
  return { algorithm, hash };
}

async function verify(document) {
  $('error').hidden = true;
  status('正在查验…', 'Checking…');
  // issue 24: a certificate may carry its transparency-log receipt; it is checked beside the certificate, not as part of it
  const { logReceipt, ...certificate } = document || {};
  let response;
  try {
    const data = await dataClaim(certificate);
    response = await fetch(`${API}/certificates/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ certificate, ...(logReceipt ? { logReceipt } : {}), ...(data ? { data } : {}) }),
    });
  } catch (e) {
    showError('无法连接登记机构。', 'The registry cannot be reached.', String(e));
    return;
  }
  if (!response.ok) {
    showError('这不是一份可以查验的证书。', 'This is not a certificate that can be checked.', await problemDetail(response));
    return;
  }
  render(certificate, await response.json());
}

function render(certificate, report) {
  status();
  const outcome = $('outcome');
  outcome.className = report.valid ? 'valid' : 'invalid';
  outcome.dataset.valid = String(report.valid);
  // issue 25: a peer registry's certificate is not on this registry's ledger, so whether it is in force was not asked here
  const ledger = report.checks.find((c) => c.name === 'LEDGER_STATUS') || {};
  const unasked = ledger.outcome === 'SKIPPED';
  outcome.replaceChildren(...(!report.valid
    ? bilingual('✘ 证书无效', 'Not valid: do not rely on this certificate')
    : unasked
      ? bilingual('✔ 证书真实（未在本处查询其是否仍然有效）', 'Authentic: whether it is still in force was not checked here')
      : bilingual('✔ 证书有效', 'Valid: this certificate is authentic and in force')));
  // issue 20: an objection registered after issue (异议登记), and a certificate superseded by a later one
  const superseded = /superseded by (\S+)/.exec(ledger.detail || '');
  if (/objection registered/.test(ledger.detail || '')) {
    outcome.append(el('p', { class: 'detail', 'data-mark': 'objection' }, ...bilingual('已办理异议登记', 'Objection registered'), ' ', ledger.detail));
  } else if (superseded) {
    outcome.append(el('p', { class: 'detail', 'data-mark': 'superseded' },
      ...bilingual('已被新证书取代：' + superseded[1], 'Superseded by ' + superseded[1])));
  }

  const p = certificate.payload || {};
  const rows = [
    ['证书编号', 'Certificate no.', report.certNo],
    ['登记编号', 'Registration no.', report.regNo],
    ['登记机构', 'Registry', p.registryName],
    ['权利人', 'Holder', (p.holders || []).map((h) => h.name).join('；')],
    ['数据资产名称', 'Asset', p.assetName],
    ['权利类型', 'Right', p.rightType && p.rightType.label],
    ['有效期至', 'Valid until', p.validUntil ? p.validUntil.slice(0, 10) : '长期 / no end'],
  ];
  $('summary').replaceChildren(...rows.flatMap(([zh, en, v]) => [el('dt', {}, ...bilingual(zh, en)), el('dd', {}, v == null ? '—' : String(v))]));
  if (report.logReceipt) {
    const r = report.logReceipt;
    $('summary').append(el('dt', {}, ...bilingual(TRANSPARENCY_LOG[0], TRANSPARENCY_LOG[1])),
      el('dd', { 'data-mark': 'log-receipt', 'data-valid': String(!!r.valid) }, r.valid
        ? `已记入透明日志第 ${r.index} 条，${r.witnesses} 个见证方中 ${r.witnessedBy} 个已联署 · ${r.summary}`
        : `回执未通过核验 · receipt does not check: ${r.detail}`));
  }

  $('checks').replaceChildren(...report.checks.map((c) => {
    const names = CHECKS[c.name] || { zh: c.name, en: c.name };
    const verdict = OUTCOMES[c.outcome] || [c.outcome, c.outcome];
    const [zh, en] = explain(c);
    return el('li', { 'data-check': c.name, 'data-outcome': c.outcome },
      el('span', { class: 'verdict' }, ...bilingual(verdict[0], verdict[1])),
      el('span', { class: 'name' }, ...bilingual(names.zh, names.en)),
      el('p', { class: 'words' }, ...bilingual(zh, en)),
      el('p', { class: 'detail' }, c.detail || ''));
  }));
  $('result').hidden = false;
}

function fromText(text) {
  let certificate;
  try {
    certificate = JSON.parse(text);
  } catch (e) {
    showError('内容不是 JSON 格式的证书。', 'This is not a certificate in JSON.', e.message);
    return;
  }
  verify(certificate);
}

async function fromLink(certNo) {
  status('正在取得证书…', 'Fetching the certificate…');
  let response;
  try {
    response = await fetch(`${API}/certificates/${encodeURIComponent(certNo)}`, { headers: { Accept: 'application/json' } });
  } catch (e) {
    showError('无法连接登记机构。', 'The registry cannot be reached.', String(e));
    return;
  }
  if (!response.ok) {
    showError(`登记机构没有编号为 ${certNo} 的证书。`, `The registry has no certificate ${certNo}.`, await problemDetail(response));
    return;
  }
  const certificate = await response.json();
  $('certificate-text').value = JSON.stringify(certificate, null, 2);
  verify(certificate);
}

$('verify-button').addEventListener('click', () => fromText($('certificate-text').value));
$('certificate-file').addEventListener('change', async (event) => {
  const file = event.target.files[0];
  if (file) {
    const text = await file.text();
    $('certificate-text').value = text;
    fromText(text);
  }
});

// issue 20: validity by registration number (DL): the registry answers with the certificate in force.
async function fromNumber(number) {
  status('正在查询登记…', 'Looking the registration up…');
  let response;
  try {
    response = await fetch(`${API}/public/validity/${encodeURIComponent(number)}`, { headers: { Accept: 'application/json' } });
  } catch (e) {
    showError('无法连接登记机构。', 'The registry cannot be reached.', String(e));
    return;
  }
  if (!response.ok) {
    showError(`登记机构没有编号为 ${number} 的登记或证书。`, `The registry has no registration or certificate ${number}.`, await problemDetail(response));
    return;
  }
  const validity = await response.json();
  if (!validity.certificate) {
    showError(`登记 ${validity.regNo} 没有现行证书（状态 ${validity.registrationStatus}）。`,
      `Registration ${validity.regNo} has no certificate in force (status ${validity.registrationStatus}).`, '');
    return;
  }
  fromLink(validity.certificate.certNo);
}

$('number-button').addEventListener('click', () => fromNumber($('number-text').value.trim()));

const params = new URLSearchParams(window.location.search);
const certNo = params.get('cert');
if (certNo) {
  fromLink(certNo);
} else if (params.get('reg')) {
  fromNumber(params.get('reg'));
}
