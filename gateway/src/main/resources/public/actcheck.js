// Checking an act (`dareg act TXID -o act.json`, or the console's "save act") in the browser, as
// `dareg verify-act act.json --trust MSP=ROOT.pem` checks it offline (core's ActProof.verify), line
// for line: the transaction's Merkle path to its block header's txRoot, the node key's signature over
// the header, and the author's signed request (docs/signed-requests.md): its signature (P-256 with
// WebCrypto, SM2 with sm2.js), its certificate issued by a root the reader chose and valid at the
// transaction's time, signed within the skew of that time, for the operation recorded. A log receipt
// the act carries is checked as far as it can be without the log's and witnesses' keys, and the page
// says what is left. An act exported from Fabric is not checked here: the page says which command
// does it. Nothing is sent anywhere.
import { issuedBy, signedBy } from './auditreport.js';
import { asn1Time } from './extractcheck.js';
import { canonicalBytes } from './jcs.js';
import { P256, SM2, children, publicKeyOf, tlv } from './session.js';

/** The formats of an act: the embedded ledger's (ActProof) and Fabric's (FabricActProof). */
export const ACT_FORMAT = 'dareg-act/1';
export const FABRIC_ACT_FORMAT = 'dareg-fabric-act/1';
const REQUEST_FORMAT = 'dareg-signed-request/1';
const RECEIPT_FORMAT = 'dareg-log-receipt/1';
// The transaction the gateway completes beside its author's request, and what the author signs for it (core's SignedRequest).
const COMPLETED_TRANSACTION = 'recordCertificate';
const COMPLETED_OPERATION = 'issueCertificate';
const ALGORITHMS = { 'ECDSA-P256-SHA256': P256, 'SM2-SM3': SM2 };
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,199}$/;
const REQUEST_MEMBERS = ['format', 'ledger', 'operation', 'arguments', 'certificate', 'time', 'requestId', 'algorithm', 'signature'];

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text) => Uint8Array.from(text.match(/../g) || [], (h) => parseInt(h, 16));
const utf8 = (text) => new TextEncoder().encode(text);
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const line = (name, outcome, zh, en) => ({ name, outcome, passed: outcome !== 'FAIL', zh, en });

/** Base64 text as bytes; an Error naming what is not base64. */
function fromBase64(text, what) {
  try {
    return Uint8Array.from(atob(String(text).replace(/\s+/g, '')), (c) => c.charCodeAt(0));
  } catch {
    throw new Error(`${what} is not base64`);
  }
}

// ---- the certificate: names and validity, from its DER ----
const ATTRIBUTES = { '550403': 'CN', '55040b': 'OU', '55040a': 'O', '550406': 'C', '550407': 'L', '550408': 'ST' };

function tbsOf(der) {
  const fields = children(der, children(der, tlv(der, 0))[0]);
  return fields[0].tag === 0xa0 ? fields.slice(1) : fields;
}

/** A Name as Java's X500Principal.getName() writes it (RFC 2253: the last RDN first), and its attributes. */
function nameOf(der, node) {
  const parts = [];
  const attributes = {};
  for (const rdn of children(der, node)) {
    for (const attribute of children(der, rdn)) {
      const [type, value] = children(der, attribute);
      const oid = hex(der.slice(type.body, type.end));
      const key = ATTRIBUTES[oid] || oid;
      const text = new TextDecoder().decode(der.slice(value.body, value.end));
      attributes[key] = text;
      parts.unshift(`${key}=${text.replace(/([,+"\\<>;])/g, '\\$1')}`);
    }
  }
  return { text: parts.join(','), attributes, bytes: der.slice(node.start, node.end) };
}

/** What a check of an act needs of a certificate (DER): issuer and subject names, validity. */
export function certificateOf(der) {
  const [, , issuer, validity, subject] = tbsOf(der);
  const [from, until] = children(der, validity).map((n) => asn1Time(n.tag, new TextDecoder().decode(der.slice(n.body, n.end))));
  return { der, issuer: nameOf(der, issuer), subject: nameOf(der, subject), notBefore: from, notAfter: until };
}

const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

// ---- the block: Merkle path and header ----
/** RFC 6962 leaf hash, SHA-256(0x00 || SHA-256(tx)), as core's ActProof hashes a transaction. */
async function txLeaf(transaction) {
  return sha256(concat([0], await sha256(utf8(transaction))));
}

async function txRootLine(act, tx, header) {
  let current = await txLeaf(act.transaction);
  for (const step of act.path) {
    current = await sha256(concat([1], step.left ? fromHex(step.hash) : current, step.left ? current : fromHex(step.hash)));
  }
  if (hex(current) === header.txRoot && header.number === act.block) {
    return line('TX_ROOT', 'PASS', `交易 ${tx.txId} 是区块 ${act.block} 的 ${act.count} 笔交易中的第 ${act.index} 笔，路径通向该区块的 txRoot。`,
      `transaction ${tx.txId} is number ${act.index} of the ${act.count} under the txRoot of block ${act.block}`);
  }
  return line('TX_ROOT', 'FAIL', `交易通不到区块 ${act.block} 的 txRoot：交易被改动过，或路径不对。`,
    `the transaction does not lead to the txRoot of block ${act.block} (it was changed, or the path is wrong)`);
}

async function headerLine(act) {
  let spki;
  let signature;
  try {
    spki = fromBase64(act.nodeKey, 'nodeKey');
    signature = fromBase64(act.headerSignature, 'headerSignature');
  } catch (e) {
    return line('HEADER_SIGNATURE', 'FAIL', `节点公钥或区块头签名无法读取：${e.message}`, `the node key or the header signature is not readable: ${e.message}`);
  }
  const keyId = hex((await sha256(spki)).slice(0, 16));
  let signed;
  try {
    signed = await signedBy({ spki, curve: P256 }, signature, utf8(act.header));
  } catch (e) {
    return line('HEADER_SIGNATURE', 'FAIL', `节点公钥或区块头签名无法读取：${e.message}`, `the node key or the header signature is not readable: ${e.message}`);
  }
  return signed
    ? line('HEADER_SIGNATURE', 'PASS', `区块头由节点密钥 ${keyId} 签名（请与账本公布的节点密钥比对）。`,
      `the block header is signed by node key ${keyId} (compare it with the ledger's published node key)`)
    : line('HEADER_SIGNATURE', 'FAIL', `区块头签名不能以节点密钥 ${keyId} 验证。`, `the block header's signature does not verify with node key ${keyId}`);
}

// ---- the author's signed request ----
/** Where a transaction's arguments hold its author's signed request (core's SignedRequest.carriedBy), or null. */
function carriedBy(name, args) {
  const signed = args && typeof args === 'object' ? (name === COMPLETED_TRANSACTION ? args.authorisation : args) : null;
  return signed && typeof signed === 'object' && !Array.isArray(signed) && signed.format === REQUEST_FORMAT ? signed : null;
}

/** The form of each member, as SignedRequest's constructor checks it; the first wrong one, or null. */
function malformed(r) {
  const unknown = Object.keys(r).find((k) => !REQUEST_MEMBERS.includes(k));
  if (unknown) return `${unknown} is not a member of ${REQUEST_FORMAT}`;
  const text = REQUEST_MEMBERS.find((k) => k !== 'arguments' && r[k] != null && typeof r[k] !== 'string');
  if (text) return `${text} must be a string`;
  const time = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.time || '') && new Date(r.time).toISOString() === r.time;
  const rules = [
    [r.format === REQUEST_FORMAT, 'format', `must be ${REQUEST_FORMAT}, not ${r.format}`],
    [IDENTIFIER.test(r.ledger || ''), 'ledger', 'must name a ledger (letters, digits, : . _ -)'],
    [IDENTIFIER.test(r.operation || ''), 'operation', 'must name a ledger transaction'],
    [r.arguments && typeof r.arguments === 'object' && !Array.isArray(r.arguments), 'arguments', 'must be a JSON object (the transaction\u2019s request)'],
    [!!r.certificate, 'certificate', 'must carry the author\u2019s certificate (base64 DER)'],
    [time, 'time', 'must be UTC with milliseconds, e.g. 2026-12-05T08:00:00.000Z'],
    [/^[0-9a-f]{32}$/.test(r.requestId || ''), 'requestId', 'must be 32 lowercase hex digits (128 random bits)'],
    [r.algorithm in ALGORITHMS, 'algorithm', 'must be ECDSA-P256-SHA256 or SM2-SM3'],
    [!!r.signature, 'signature', 'must carry the author\u2019s signature (base64 DER)'],
  ];
  const wrong = rules.find(([ok]) => !ok);
  return wrong ? `${wrong[1]} ${wrong[2]}` : null;
}

/** The organisation of the root that issued cert, preferring the one its subject's O names (core's ActProof.issuerOf); null when none did. */
async function issuerOf(cert, roots) {
  let first = null;
  for (const root of roots) {
    if (!sameBytes(root.certificate.subject.bytes, cert.issuer.bytes) || !(await issuedBy(cert.der, root.certificate.der))) continue;
    if (root.organisation === cert.subject.attributes.O) return root.organisation;
    first = first || root.organisation;
  }
  return first;
}

/** Checks the request r against roots at the ledger's time; answers the certificate, or throws an Error saying what failed. */
async function verifyRequest(r, roots, ledgerTime, skewSeconds) {
  let cert;
  try {
    cert = certificateOf(fromBase64(r.certificate, 'the certificate'));
  } catch {
    throw new Error('the certificate is not base64 DER of an X.509 certificate');
  }
  const key = publicKeyOf(cert.der);
  const keyAlgorithm = Object.keys(ALGORITHMS).find((a) => ALGORITHMS[a] === key.curve);
  if (!keyAlgorithm) throw new Error('the certificate\u2019s key is neither P-256 nor SM2');
  if (keyAlgorithm !== r.algorithm) throw new Error(`the request names ${r.algorithm} but the certificate's key is for ${keyAlgorithm}`);
  const { signature, ...unsigned } = r;
  const value = fromBase64(signature, 'the signature');
  let holds = false;
  try {
    holds = await signedBy(key, value, canonicalBytes(unsigned));
  } catch {
    holds = false; // not a DER signature of this curve: it does not match
  }
  if (!holds) {
    throw new Error('the signature does not match the request and the key of its certificate: it was changed after signing or signed by another key');
  }
  if (!(await issuerOf(cert, roots))) throw new Error(`the certificate ${cert.subject.text} is not issued by a CA this ledger trusts`);
  if (!cert.notBefore || !cert.notAfter || ledgerTime < cert.notBefore || ledgerTime > cert.notAfter) {
    throw new Error(`the certificate is valid from ${cert.notBefore && cert.notBefore.toISOString()} to ${cert.notAfter && cert.notAfter.toISOString()}, not at the ledger's time ${ledgerTime.toISOString()}`);
  }
  const off = Math.abs(new Date(r.time) - ledgerTime) / 1000;
  if (off > skewSeconds) {
    throw new Error(`the request was signed at ${r.time}, ${Math.floor(off)} s from the ledger's time ${ledgerTime.toISOString()}; at most ${skewSeconds} s is allowed: check the signer's clock and sign again`);
  }
  return cert;
}

async function authorLines(tx, roots, skewSeconds) {
  let args = null;
  try {
    args = JSON.parse(tx.args || '');
  } catch {
    args = null;
  }
  const name = String(tx.name || '');
  const signed = carriedBy(name, args);
  if (!signed) {
    return { lines: [line('AUTHOR', 'FAIL', '交易没有携带作者的签名请求（账本未设受信根证书，或为服务交易）：由谁提出只能凭运营方所言。',
      'the transaction carries no signed request of its author (a ledger without trusted roots, or a service transaction): who asked for it rests on the operator\u2019s word')],
    author: null, operation: name };
  }
  const failed = (why) => line('AUTHOR', 'FAIL', `作者的签名请求未通过：${why}`, `the author's signed request: ${why}`);
  const wrong = malformed(signed);
  if (wrong) return { lines: [failed(wrong)], author: null, operation: name };
  const time = new Date(tx.time);
  if (Number.isNaN(time.getTime())) return { lines: [failed(`the transaction's time ${tx.time} is not a time`)], author: null, operation: signed.operation };
  let cert;
  try {
    cert = await verifyRequest(signed, roots, time, skewSeconds);
  } catch (e) {
    return { lines: [failed(e.message)], author: null, operation: signed.operation };
  }
  const organisation = await issuerOf(cert, roots);
  const author = cert.subject.text;
  const lines = [line('AUTHOR', 'PASS', `${author} 于 ${signed.time} 为账本 ${signed.ledger} 签署了 ${signed.operation}，其证书由您信任的根证书（${organisation}）签发，在 ${tx.time} 有效。`,
    `${author} signed ${signed.operation} for ledger ${signed.ledger} at ${signed.time}, with a certificate issued by a root you trust (${organisation}), valid at ${tx.time}`)];
  const recorded = name === COMPLETED_TRANSACTION ? COMPLETED_OPERATION : name;
  if (signed.operation !== recorded) {
    lines.push(line('OPERATION', 'FAIL', `请求签署的是 ${signed.operation}，记录的却是 ${name}。`, `the request was signed for ${signed.operation} but recorded as ${name}`));
  }
  return { lines, author, organisation, operation: signed.operation };
}

// ---- the log receipt ----
/** RFC 9162 section 2.1.3.2: the root an inclusion path leads to from leaf index of a tree of size leaves, or null. */
async function inclusionRoot(index, size, leaf, path) {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(concat([1], p, r));
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(concat([1], r, p));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** What ReceiptOptions checks of a receipt that needs no key: that it is this act's, and its path to the checkpoint's root. */
async function receiptLine(receipt, act, tx) {
  const later = 'dareg verify-act ACT.json --trust MSP=ROOT.pem --log-key LOG.pub --witness WITNESS.vkey';
  if (receipt == null) return line('LOG_RECEIPT', 'NONE', '未附透明日志回执。', 'no log receipt is attached');
  const fail = (zh, en) => line('LOG_RECEIPT', 'FAIL', `回执无效：${zh}`, `NOT VALID: ${en}`);
  if (!receipt || receipt.format !== RECEIPT_FORMAT) return fail(`格式不是 ${RECEIPT_FORMAT}。`, `a log receipt's format is ${RECEIPT_FORMAT}`);
  if (receipt.txId !== tx.txId) return fail(`回执属于交易 ${receipt.txId}，不是 ${tx.txId}。`, `wrong leaf: the receipt is for transaction ${receipt.txId}, not ${tx.txId}`);
  const leaf = await txLeafOfLog(act.transaction);
  if (receipt.leafHash !== hex(leaf)) return fail('回执的叶子不是本行为的交易。', `wrong leaf: the receipt is for leaf ${receipt.leafHash}, not for the one checked (${hex(leaf)})`);
  if (receipt.entry != null && hex(await txLeafOfLog(fromBase64(receipt.entry, 'the entry'))) !== receipt.leafHash) {
    return fail('回执携带的条目与其叶子散列不符。', 'the entry the receipt carries does not hash to its leaf hash');
  }
  const [origin, size, root] = String(receipt.checkpoint || '').split('\n');
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize) || treeSize !== receipt.treeSize) return fail('回执的树大小与检查点不符。', `the receipt's tree size ${receipt.treeSize} is not the checkpoint's ${size}`);
  const path = (receipt.inclusionPath || []).map((h) => fromHex(String(h)));
  const reached = await inclusionRoot(receipt.index, treeSize, leaf, path);
  if (!reached || hex(reached) !== hex(fromBase64(root || '', 'the checkpoint\u2019s root hash'))) {
    return fail(`包含路径未从第 ${receipt.index} 条通向检查点的根。`, `bad proof: the inclusion path does not lead from leaf ${receipt.index} to the root of the checkpoint of size ${treeSize}`);
  }
  return line('LOG_RECEIPT', 'PARTIAL', `本交易是日志 ${origin} 第 ${receipt.index} 条（共 ${treeSize} 条），包含路径通向检查点的根。本页未核验日志对检查点的签名和见证方的联署（需其公钥）：请用 ${later}。`,
    `leaf ${receipt.index} of the ${treeSize} of log ${origin}, and its inclusion path leads to the checkpoint's root. NOT checked here: the log's signature on the checkpoint and the witnesses' cosignatures, which need their keys: run ${later}`);
}

/** RFC 9162 leaf hash of a log entry, SHA-256(0x00 || entry); an act's entry is its transaction's bytes. */
async function txLeafOfLog(entry) {
  return sha256(concat([0], typeof entry === 'string' ? utf8(entry) : entry));
}

// ---- the act ----
/** The members of a dareg-act/1 act, checked for form; an Error saying which is wrong. */
function actOf(document) {
  const a = document;
  const count = (v) => Number.isSafeInteger(v) && v >= 0;
  const wrong = [
    [count(a.block), 'block must be a block number'], [count(a.index) && count(a.count) && a.index < a.count, 'index must be below count'],
    [typeof a.transaction === 'string', 'transaction must be the transaction\u2019s JSON text'], [typeof a.header === 'string', 'header must be the header\u2019s JSON text'],
    [typeof a.headerSignature === 'string', 'headerSignature must be base64'], [typeof a.nodeKey === 'string', 'nodeKey must be base64'],
    [Array.isArray(a.path) && a.path.every((s) => s && typeof s.left === 'boolean' && /^[0-9a-f]{64}$/.test(s.hash || '')),
      'path must be steps of { left, hash (64 hex digits) }'],
  ].find(([ok]) => !ok);
  if (wrong) throw new Error(`this is not a ${ACT_FORMAT} act: ${wrong[1]}`);
  return a;
}

/**
 * Checks an act (the text of the file `dareg act` or the console wrote) against roots ([{ certificate
 * (of certificateOf), organisation }], the CA roots the reader trusts to certify authors) with skewSeconds (as --skew);
 * answers { valid, format, author, organisation, operation, lines: [{ name, outcome, passed, zh, en }] }
 * in the order of `dareg verify-act`. A Fabric act answers valid false with one line naming the
 * command that checks it. Throws an Error only for a file that is not an act.
 */
export async function checkAct(text, roots, skewSeconds = 300) {
  let document;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new Error(`the file is not JSON: ${e.message}`);
  }
  if (!document || typeof document !== 'object') throw new Error('the file is not an act: an act is a JSON object');
  // issue 24: the act may carry its log receipt; the act is what is under it
  const { logReceipt, ...bare } = document;
  if (bare.format === FABRIC_ACT_FORMAT) {
    return { valid: false, format: bare.format, lines: [line('FABRIC', 'FAIL', '此行为导出自 Fabric 账本，本页不核验其区块（排序节点签名与背书）：请用 dareg verify-act ACT.json --trust MSP=ROOT.pem --fabric-trust MSP=CA.pem。',
      'This act was exported from Fabric; this page does not check its block (the orderer\u2019s signature and the endorsements): use dareg verify-act ACT.json --trust MSP=ROOT.pem --fabric-trust MSP=CA.pem.')] };
  }
  if (bare.format !== ACT_FORMAT) throw new Error(`not a ${ACT_FORMAT} file (format ${bare.format})`);
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0) throw new Error('the skew is a number of seconds, 0 or more (the registry\u2019s setting; 300 by default)');
  const act = actOf(bare);
  let tx;
  let header;
  try {
    tx = JSON.parse(act.transaction);
    header = JSON.parse(act.header);
  } catch (e) {
    return { valid: false, format: act.format, lines: [line('TX_ROOT', 'FAIL', `行为不是可读的 JSON：${e.message}`, `the act is not readable JSON: ${e.message}`)] };
  }
  const lines = [await txRootLine(act, tx, header), await headerLine(act)];
  const author = await authorLines(tx, roots, skewSeconds);
  lines.push(...author.lines);
  lines.push(await receiptLine(logReceipt, act, tx));
  return {
    valid: lines.every((l) => l.passed), format: act.format, author: author.author, organisation: author.organisation, operation: author.operation, lines,
  };
}
