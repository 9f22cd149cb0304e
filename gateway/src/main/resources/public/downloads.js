// Documents the gateway serves to signed-in callers only: the evidence report, the judicial extract,
// the period report, the trade and listing-check vouchers, and an act with its proof (for dareg verify-act). A link cannot carry the page's token,
// so each is fetched with one and saved from a Blob, as dareg evidence-report / extract / report /
// trade voucher / act write a file.
import { bilingual, el } from './dom.js';
import { button, field, outcomeBox, required, section, showDone } from './ui.js';

/** Saves a Blob as a file named name, the way a download link would. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = el('a', { href: url, download: name, hidden: '' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** Fetches path with the session's token and saves it; shows the file's name and size in box. */
export async function download(session, path, fallbackName, box) {
  const { blob, name } = await session.fetchDocument(path, fallbackName);
  saveBlob(blob, name);
  showDone(box, el('span', { 'data-downloaded': name, 'data-size': String(blob.size) },
    ...bilingual(`已下载 ${name}（${blob.size} 字节）`, `Downloaded ${name} (${blob.size} bytes)`)));
  return blob;
}

/** A button that downloads what target() names: [path, fallback file name]. */
export function downloadButton(session, zh, en, box, target, attrs = {}) {
  return button(zh, en, box, async () => {
    const [path, name] = target();
    await download(session, path, name, box);
  }, attrs);
}

// Each document: [id, heading zh, en, field zh, en, name, path of the number, fallback file name of the number].
const DOCUMENTS = {
  evidence: ['evidence-report', '存证报告书', 'Evidence report (PDF)', '存证编号', 'evidence no.', 'evidenceNo',
    (n) => `/evidence/${n}/report`, (n) => `${n}-report.pdf`],
  extract: ['judicial-extract', '司法存证摘录', 'Judicial extract (PDF)', '登记编号', 'registration no.', 'regNo',
    (n) => `/registrations/${n}/extract`, (n) => `${n}-extract.pdf`],
  trade: ['trade-voucher', '交易凭证', 'Trade voucher (signed JSON)', '交易编号', 'trade no.', 'tradeNo',
    (n) => `/trades/${n}/voucher`, (n) => `${n}-voucher.json`],
  act: ['act', '行为及其证明', 'Act with its proof (JSON)', '交易编号', 'transaction id', 'txId',
    (n) => `/acts/${n}`, (n) => `act-${n}.json`],
  listing: ['listing-voucher', '挂牌核验凭证', 'Listing-check voucher (signed JSON)', '核验编号', 'check no.', 'checkNo',
    (n) => `/listing-checks/${n}/voucher`, (n) => `${n}-voucher.json`],
};

function documentForm(session, [id, zh, en, fieldZh, fieldEn, name, path, file]) {
  const box = outcomeBox();
  const form = el('div', { class: 'form', id }, field(fieldZh, fieldEn[0].toUpperCase() + fieldEn.slice(1), name));
  form.append(downloadButton(session, `下载${zh}`, `Download the ${en.replace(/ \(.*$/, '').toLowerCase()}`, box, () => {
    const n = required(form, name, fieldZh, fieldEn);
    return [path(encodeURIComponent(n)), file(n)];
  }, { 'data-action': `download-${id}` }), box);
  return el('div', { class: 'document' }, el('h3', {}, ...bilingual(zh, en)), form);
}

/** The documents a role may download, by the kinds in DOCUMENTS. */
export function render(session, kinds) {
  return section('文件下载', 'Documents', el('p', { class: 'note' }, ...bilingual(
    '文件以本页的登录凭证取得并保存到本机；PDF 和凭证均带登记机构签名，可离线核验。',
    'Each document is fetched with this page\u2019s sign-in and saved here; PDFs and vouchers carry the registry\u2019s signature and verify offline.')),
  ...kinds.map((k) => documentForm(session, DOCUMENTS[k])));
}
