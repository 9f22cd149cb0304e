// Checking an act (`dareg act TXID -o act.json`, or the console's "save act") in the browser, as
// `dareg verify-act act.json --trust MSP=ROOT.pem` checks it offline (core's ActProof.verify), line
// for line: the transaction's Merkle path to its block header's txRoot, the node key's signature over
// the header, and the author's signed request (actauthor.js). An act exported from Fabric is checked
// as FabricActProof.verify checks it (fabricact.js, as --fabric-trust MSP=CA.pem), and a log receipt
// the act carries as --log-key and --witness check it (logreceipt.js). Nothing is sent anywhere.
import { authorLines, fromBase64, line } from './actauthor.js';
import { signedBy } from './auditreport.js';
import { checkFabricAct } from './fabricact.js';
import { consistencyLine, leafHashOf, receiptLine } from './logreceipt.js';
import { P256 } from './session.js';

/** The formats of an act: the embedded ledger's (ActProof) and Fabric's (FabricActProof). */
export const ACT_FORMAT = 'dareg-act/1';
export const FABRIC_ACT_FORMAT = 'dareg-fabric-act/1';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text) => Uint8Array.from(text.match(/../g) || [], (h) => parseInt(h, 16));
const utf8 = (text) => new TextEncoder().encode(text);
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));

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
 * The LOG_RECEIPT line and, with online, the LOG_CONSISTENCY line after it, as ReceiptOptions prints
 * them: asked only of a receipt that passed with the keys; without keys, the line says they are needed.
 */
async function receiptLines(logReceipt, leaf, txId, keys, online) {
  const checked = await receiptLine(logReceipt, leaf, txId, keys, online);
  if (!online || logReceipt == null) return [checked];
  if (!keys) {
    return [checked, line('LOG_CONSISTENCY', 'NONE', '未向网关核验：请先给出日志和见证方的公钥（同 --online 需 --log-key、--witness）。',
      'not checked against the gateway’s log: give the log’s and the witnesses’ keys first (--online needs --log-key and --witness)')];
  }
  return checked.outcome === 'PASS' ? [checked, await consistencyLine(logReceipt, keys)] : [checked];
}

/**
 * Checks an act (the text of the file `dareg act` or the console wrote) against roots ([{ certificate
 * (of certificateOf), organisation }], the CA roots the reader trusts to certify authors) with skewSeconds (as --skew);
 * fabricRoots are the Fabric network's CA roots, the same shape with the organisation its MSP id (as
 * --fabric-trust MSP=CA.pem), needed for a Fabric act; receipt the keys of logreceipt.js's receiptKeys
 * (as --log-key, --witness, --quorum), or null; online, as --online, also asks the gateway that served
 * the page whether its log's newest checkpoint extends the receipt's (logreceipt.js). Answers { valid, format, author, organisation,
 * operation, lines: [{ name, outcome, passed, zh, en }] } in the order of `dareg verify-act`.
 * Throws an Error only for a file that is not an act, or a Fabric act without fabricRoots.
 */
export async function checkAct(text, roots, skewSeconds = 300, { fabricRoots = [], receipt = null, online = false } = {}) {
  let document;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new Error(`the file is not JSON: ${e.message}`);
  }
  if (!document || typeof document !== 'object') throw new Error('the file is not an act: an act is a JSON object');
  if (!Number.isFinite(skewSeconds) || skewSeconds < 0) throw new Error('the skew is a number of seconds, 0 or more (the registry\u2019s setting; 300 by default)');
  // issue 24: the act may carry its log receipt; the act is what is under it
  const { logReceipt, ...bare } = document;
  if (bare.format === FABRIC_ACT_FORMAT) {
    if (!fabricRoots.length) {
      throw new Error('this act was exported from Fabric: give the network\u2019s CA roots (as --fabric-trust MSP=CA.pem: the orderer organisation\u2019s and each endorsing organisation\u2019s)');
    }
    const checked = await checkFabricAct(bare, roots, fabricRoots, skewSeconds);
    checked.lines.push(...await receiptLines(logReceipt, null, bare.txId, receipt, online));
    return { ...checked, valid: checked.valid && checked.lines.every((l) => l.passed) };
  }
  if (bare.format !== ACT_FORMAT) throw new Error(`not a ${ACT_FORMAT} file (format ${bare.format})`);
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
  lines.push(...await receiptLines(logReceipt, await leafHashOf(act.transaction), tx.txId, receipt, online));
  return {
    valid: lines.every((l) => l.passed), format: act.format, author: author.author, organisation: author.organisation, operation: author.operation, lines,
  };
}
