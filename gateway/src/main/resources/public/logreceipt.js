// A transparency log receipt an act carries (issue 24: core's LogReceipt), checked in the browser as
// `dareg verify-act --log-key LOG.pub --witness WITNESS.vkey [--quorum K]` checks it offline
// (ReceiptOptions): the checkpoint signed by the log's key and naming its log, the witnesses'
// cosignatures (C2SP signed-note, tlog-cosignature/v1; Ed25519 with WebCrypto) meeting the quorum,
// the leaf being this act's, and the RFC 9162 inclusion path to the checkpoint's root. Without the
// keys, what needs none is checked and the line says what is left. The --online check (the log's
// newest checkpoint extends the receipt's, consistencyLine) asks the gateway that served this page,
// when the reader ticks it, for its newest checkpoint and the consistency proof, and checks both here.
import { fromBase64, line } from './actauthor.js';

const RECEIPT_FORMAT = 'dareg-log-receipt/1';
const ED25519 = 0x01;
const COSIGNATURE_V1 = 0x04;
const DASH = '\u2014 ';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text) => Uint8Array.from(text.match(/../g) || [], (h) => parseInt(h, 16));
const utf8 = (text) => new TextEncoder().encode(text);
const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);
// Java's String.split drops the empty strings at the end; signed notes are read as SignedNote reads them.
const split = (text, by) => {
  const parts = text.split(by);
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts;
};

/** RFC 9162 leaf hash of a log entry, SHA-256(0x00 || entry); an embedded act's entry is its transaction's bytes. */
export async function leafHashOf(entry) {
  return sha256(concat([0], typeof entry === 'string' ? utf8(entry) : entry));
}

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

// ---- keys and signed notes (core's SignedNote) ----
/**
 * A signed-note verifier key, name+keyid+base64(type || key), as --log-key and --witness files hold
 * it: { name, type, key, id (8 hex digits) }; an Error saying what is wrong, as SignedNote.Verifier.parse.
 */
export async function verifierOf(text) {
  const m = /^(.+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(String(text).trim());
  if (!m) throw new Error('a verifier key is name+keyid+base64, e.g. example.com/log+530d903a+Aeky...');
  const [, name, id, typed64] = m;
  if (!name || name.includes('+') || /\s/.test(name)) throw new Error(`a key name is not empty and has no spaces nor '+': ${name}`);
  const typed = fromBase64(typed64, 'the key');
  const [type] = typed;
  if (type !== ED25519 && type !== COSIGNATURE_V1) throw new Error(`signature type 0x${(type || 0).toString(16).padStart(2, '0')} is not supported (0x01, 0x04)`);
  const key = typed.slice(1);
  if (key.length !== 32) throw new Error(`an Ed25519 public key has 32 bytes, not ${key.length}`);
  const own = hex((await sha256(concat(utf8(name), [0x0a, type], key))).slice(0, 4));
  if (own !== id) throw new Error(`the key id ${id} is not the one of ${name}'s key (${own})`);
  return { name, type, key, id };
}

let ed25519 = null;
/** Whether this browser's WebCrypto verifies Ed25519 (Chromium 137 and later): feature-detected once. */
export async function ed25519Available() {
  if (ed25519 === null) {
    try {
      // RFC 8032 section 7.1, test 1's public key
      await crypto.subtle.importKey('raw', fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'), { name: 'Ed25519' }, false, ['verify']);
      ed25519 = true;
    } catch {
      ed25519 = false;
    }
  }
  return ed25519;
}

async function ed25519Verify(key, message, signature) {
  if (signature.length !== 64) return false;
  try {
    const k = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
    return await crypto.subtle.verify({ name: 'Ed25519' }, k, signature, message);
  } catch {
    return false; // a malformed key or signature does not verify
  }
}

/** The text of a signed note: everything before the blank line that precedes the signatures. */
function noteText(note) {
  const end = note.lastIndexOf('\n\n');
  if (end < 0 || !note.endsWith('\n')) throw new Error('a signed note is text, a blank line, and signature lines');
  const text = note.slice(0, end + 1);
  if (!text) throw new Error('a note\u2019s text ends in a newline');
  if ([...text].some((c) => c < ' ' && c !== '\n')) throw new Error('a note\u2019s text has no control characters but newlines');
  return text;
}

/** The keys among known that signed note, each verified, as SignedNote.open: an Error when a known key's line does not verify, or none does. */
async function openNote(note, known) {
  const text = noteText(note);
  const signers = [];
  for (const sigLine of split(note.slice(text.length + 1), '\n')) {
    if (!sigLine.startsWith(DASH)) throw new Error(`a signature line starts with an em dash and a space: ${sigLine}`);
    const parts = split(sigLine.slice(DASH.length), ' ');
    if (parts.length !== 2) throw new Error('a signature line is: em dash, space, key name, space, base64');
    const raw = fromBase64(parts[1], 'a signature');
    if (raw.length < 4) throw new Error('a signature carries a 4-byte key id first');
    const sig = raw.slice(4);
    for (const v of known.filter((k) => k.name === parts[0] && k.id === hex(raw.slice(0, 4)))) {
      let ok;
      if (v.type === COSIGNATURE_V1) {
        const ts = sig.length === 72 ? new DataView(sig.buffer, sig.byteOffset).getBigInt64(0) : -1n;
        ok = ts >= 0n && await ed25519Verify(v.key, utf8(`cosignature/v1\ntime ${ts}\n${text}`), sig.slice(8));
      } else {
        ok = await ed25519Verify(v.key, utf8(text), sig);
      }
      if (!ok) throw new Error(`the signature of ${v.name} (${v.id}) does not verify: the note was changed or forged`);
      signers.push(v);
    }
  }
  if (!signers.length) throw new Error('no signature of a known key on this note');
  return signers;
}

/** A checkpoint's text (C2SP tlog-checkpoint), as core's Checkpoint.parse: { origin, size, root }. */
function checkpointOf(text) {
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new Error('a checkpoint has an origin, a size and a root hash line');
  if (!/^(0|[1-9][0-9]{0,18})$/.test(lines[1])) throw new Error(`the size line is a decimal with no leading zero: ${lines[1]}`);
  const root = fromBase64(lines[2], `the root hash line ${lines[2]}`);
  if (!lines[0]) throw new Error('the origin is one non-empty line');
  if (root.length !== 32) throw new Error('the root hash is 32 bytes (SHA-256)');
  if (lines.slice(3).some((e) => !e)) throw new Error('an extension is one non-empty line');
  return { origin: lines[0], size: Number(lines[1]), root };
}

/**
 * The keys the reader gave, checked as ReceiptOptions checks --log-key, --witness and --quorum: { log,
 * witnesses, quorum } (quorum: all of them when null), or an Error saying what to give.
 */
export async function receiptKeys(logKeyText, witnessTexts, quorum) {
  const log = await verifierOf(logKeyText).catch((e) => { throw new Error(`the log's key holds no verifier key (name+id+base64): ${e.message}`); });
  if (!witnessTexts.length) throw new Error('the log\u2019s key needs the witnesses\u2019 keys too (as --witness FILE, once for each witness)');
  const witnesses = [];
  for (const text of witnessTexts) {
    const w = await verifierOf(text).catch((e) => { throw new Error(`a witness's file holds no verifier key (name+id+base64): ${e.message}`); });
    if (w.type !== COSIGNATURE_V1) throw new Error(`the key of ${w.name} is of signature type 0x0${w.type}; a witness cosigns with a tlog-cosignature/v1 key (type 0x04)`);
    if (witnesses.some((o) => (o.name === w.name && o.id === w.id) || sameBytes(o.key, w.key))) throw new Error(`the key of ${w.name} (${w.id}) is named twice; name each witness once`);
    witnesses.push(w);
  }
  const k = quorum == null ? witnesses.length : quorum;
  if (!Number.isInteger(k) || k < 1 || k > witnesses.length) throw new Error(`quorum ${k}: give 1 to the number of witness keys (${witnesses.length})`);
  return { log, witnesses, quorum: k };
}

// ---- the receipt ----
const REASONS = {
  CHECKPOINT_NOT_SIGNED_BY_LOG: ['检查点不是日志密钥签署的', 'checkpoint not signed by the log key'],
  BAD_COSIGNATURE: ['见证方联署无效', 'bad cosignature'], TOO_FEW_COSIGNATURES: ['联署不足', 'too few cosignatures'],
  WRONG_LEAF: ['叶子不符', 'wrong leaf'], BAD_PROOF: ['证明无效', 'bad proof'],
};

/** LogReceipt.verify: null when the receipt holds against keys, else [reason, detail]; and how many witnesses cosigned. */
async function verified(receipt, keys, leaf) {
  const { log, witnesses, quorum } = keys;
  const n = witnesses.length;
  let checkpoint;
  try {
    await openNote(receipt.checkpoint, [log]);
    checkpoint = checkpointOf(noteText(receipt.checkpoint));
  } catch (e) {
    return { failure: ['CHECKPOINT_NOT_SIGNED_BY_LOG', `the checkpoint is not signed by the log's key ${log.name} (${log.id}): ${e.message}`] };
  }
  if (checkpoint.origin !== log.name) return { failure: ['CHECKPOINT_NOT_SIGNED_BY_LOG', `the checkpoint is of the log ${checkpoint.origin}, not of ${log.name}`] };
  let signers = [];
  try {
    signers = await openNote(receipt.checkpoint, witnesses);
  } catch (e) {
    if (!e.message.startsWith('no signature of a known key')) return { failure: ['BAD_COSIGNATURE', `a witness's cosignature does not verify: ${e.message}`] };
  }
  const by = new Set(signers).size;
  if (by < quorum) return { failure: ['TOO_FEW_COSIGNATURES', `the checkpoint is cosigned by ${by} of the ${n} witnesses named; ${quorum} are required`] };
  if (checkpoint.size !== receipt.treeSize) return { failure: ['BAD_PROOF', `the receipt's tree size ${receipt.treeSize} is not the checkpoint's ${checkpoint.size}`] };
  const leafHash = fromHex(String(receipt.leafHash));
  if (receipt.entry != null && !sameBytes(await leafHashOf(fromBase64(receipt.entry, 'the entry')), leafHash)) {
    return { failure: ['WRONG_LEAF', 'the entry the receipt carries does not hash to its leaf hash'] };
  }
  if (leaf && !sameBytes(leaf, leafHash)) return { failure: ['WRONG_LEAF', `the receipt is for leaf ${hex(leafHash)}, not for the one checked (${hex(leaf)})`] };
  const reached = await inclusionRoot(receipt.index, receipt.treeSize, leafHash, (receipt.inclusionPath || []).map((h) => fromHex(String(h))));
  if (!reached || !sameBytes(reached, checkpoint.root)) {
    return { failure: ['BAD_PROOF', `the inclusion path does not lead from leaf ${receipt.index} to the root of the checkpoint of size ${receipt.treeSize}`] };
  }
  return { by, n };
}

/** The txId member of the receipt's carried entry (a JSON object), or null, as LogReceipt.entryTxId. */
function entryTxId(receipt) {
  try {
    const entry = JSON.parse(new TextDecoder().decode(fromBase64(receipt.entry, 'the entry')));
    return entry && typeof entry.txId === 'string' ? entry.txId : null;
  } catch {
    return null;
  }
}

/** What needs no key: that the receipt is this act's and its path leads to the checkpoint's root; the line says what is left and why. */
async function unsignedLine(receipt, leaf, txId, why) {
  const fail = (zh, en) => line('LOG_RECEIPT', 'FAIL', `回执无效：${zh}`, `NOT VALID: ${en}`);
  if (receipt.txId !== txId) return fail(`回执属于交易 ${receipt.txId}，不是 ${txId}。`, `wrong leaf: the receipt is for transaction ${receipt.txId}, not ${txId}`);
  const own = fromHex(String(receipt.leafHash || ''));
  if (leaf && !sameBytes(own, leaf)) return fail('回执的叶子不是本行为的交易。', `wrong leaf: the receipt is for leaf ${receipt.leafHash}, not for the one checked (${hex(leaf)})`);
  if (receipt.entry != null && !sameBytes(await leafHashOf(fromBase64(receipt.entry, 'the entry')), own)) {
    return fail('回执携带的条目与其叶子散列不符。', 'the entry the receipt carries does not hash to its leaf hash');
  }
  const [origin, size, root] = String(receipt.checkpoint || '').split('\n');
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize) || treeSize !== receipt.treeSize) return fail('回执的树大小与检查点不符。', `the receipt's tree size ${receipt.treeSize} is not the checkpoint's ${size}`);
  const reached = await inclusionRoot(receipt.index, treeSize, own, (receipt.inclusionPath || []).map((h) => fromHex(String(h))));
  if (!reached || hex(reached) !== hex(fromBase64(root || '', 'the checkpoint\u2019s root hash'))) {
    return fail(`包含路径未从第 ${receipt.index} 条通向检查点的根。`, `bad proof: the inclusion path does not lead from leaf ${receipt.index} to the root of the checkpoint of size ${treeSize}`);
  }
  return line('LOG_RECEIPT', 'PARTIAL', `本交易是日志 ${origin} 第 ${receipt.index} 条（共 ${treeSize} 条），包含路径通向检查点的根。本页未核验日志对检查点的签名和见证方的联署：${why[0]}`,
    `leaf ${receipt.index} of the ${treeSize} of log ${origin}, and its inclusion path leads to the checkpoint's root. NOT checked here: the log's signature on the checkpoint and the witnesses' cosignatures: ${why[1]}`);
}

/**
 * The LOG_RECEIPT line of an act: receipt is its logReceipt member (or undefined); leaf the expected
 * leaf hash (an embedded act's transaction's), or null for a Fabric act, whose receipt must then be
 * for txId (the act's transaction, as the receipt and its entry name it);
 * keys those of receiptKeys, or null when the reader gave none. Fails as `dareg verify-act --log-key`
 * does, with the same words; passes with its summary (recorded in the log at N, witnessed by k of n).
 */
export async function receiptLine(receipt, leaf, txId, keys, online = false) {
  if (receipt == null) {
    return keys
      ? line('LOG_RECEIPT', 'FAIL', '未附透明日志回执，而您给出了日志的密钥，要求有回执（用 dareg cert get CERTNO --wait-witnessed 或 GET /api/v1/log/receipts/TXID 取得）。',
        'NOT VALID: no log receipt is attached, and --log-key asks for one (fetch it with `dareg cert get CERTNO --wait-witnessed`, or GET /api/v1/log/receipts/TXID)')
      : line('LOG_RECEIPT', 'NONE', '未附透明日志回执。', 'no log receipt is attached');
  }
  if (!receipt || receipt.format !== RECEIPT_FORMAT || typeof receipt.checkpoint !== 'string') {
    return line('LOG_RECEIPT', 'FAIL', `回执无效：格式不是 ${RECEIPT_FORMAT}。`, `NOT VALID: a log receipt's format is ${RECEIPT_FORMAT}`);
  }
  if (!keys) {
    return unsignedLine(receipt, leaf, txId, ['请在上方给出日志的公钥和见证方的公钥（同 --log-key、--witness）。',
      'give the log\u2019s key and the witnesses\u2019 keys above (as --log-key and --witness)']);
  }
  if (!(await ed25519Available())) {
    return unsignedLine(receipt, leaf, txId, ['本浏览器的 WebCrypto 不支持 Ed25519：请用 dareg verify-act ACT.json --trust MSP=ROOT.pem --log-key LOG.pub --witness WITNESS.vkey。',
      'this browser\u2019s WebCrypto has no Ed25519: run dareg verify-act ACT.json --trust MSP=ROOT.pem --log-key LOG.pub --witness WITNESS.vkey']);
  }
  const r = await verified(receipt, keys, leaf);
  let wrong = null;
  if (!r.failure && !leaf && !(txId === receipt.txId && (receipt.entry == null || txId === entryTxId(receipt)))) {
    wrong = `the receipt is for transaction ${receipt.txId}, not ${txId}`;
  }
  if (r.failure || wrong) {
    const [reason, detail] = wrong ? ['WRONG_LEAF', wrong] : r.failure;
    return line('LOG_RECEIPT', 'FAIL', `回执无效：${REASONS[reason][0]}：${detail}`, `NOT VALID: ${REASONS[reason][1]}: ${detail}`);
  }
  const passed = `已记入日志第 ${receipt.index} 条，经 ${r.n} 个见证方中的 ${r.by} 个联署（检查点由日志密钥 ${keys.log.name} 签署，包含路径通向其根）。`;
  if (online) return line('LOG_RECEIPT', 'PASS', passed, `recorded in the log at ${receipt.index}, witnessed by ${r.by} of ${r.n}`);
  const command = 'dareg verify-act ACT.json --trust MSP=ROOT.pem --log-key LOG.pub --witness WITNESS.vkey --online';
  return line('LOG_RECEIPT', 'PASS', `${passed}日志最新检查点是否延续此检查点需向网关查询，本次未做：请勾选上方“同时向本网关的日志核验”，或用 ${command}。`,
    `recorded in the log at ${receipt.index}, witnessed by ${r.by} of ${r.n}. Whether the log's newest checkpoint extends this one asks the gateway and is not checked here: run ${command}, or tick "also check against this gateway's log now" above`);
}

// ---- the --online check: the log's newest checkpoint extends the receipt's ----
/**
 * RFC 9162 section 2.1.4.2: whether proof (hashes, oldest subtree first) shows that the tree of first
 * leaves with root firstRoot is the start of the tree of second leaves with root secondRoot.
 */
export async function consistent(first, second, proof, firstRoot, secondRoot) {
  if (first < 1 || first > second) return false;
  if (first === second) return proof.length === 0 && sameBytes(firstRoot, secondRoot);
  // When the first tree is a complete subtree, its root is the proof's unnamed first node.
  let power = 1;
  while (power < first) power *= 2;
  const nodes = power === first ? [firstRoot, ...proof] : [...proof];
  if (!nodes.length) return false;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = nodes[0];
  let sr = nodes[0];
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = await sha256(concat([1], c, fr));
      sr = await sha256(concat([1], c, sr));
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = await sha256(concat([1], sr, c));
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && sameBytes(fr, firstRoot) && sameBytes(sr, secondRoot);
}

/** Why the newest checkpoint (a signed note) does not extend the receipt's, in LogReceipt.inconsistencyWith's words, or null when it does. */
async function inconsistency(receipt, log, newestNote, proof) {
  let newer;
  try {
    await openNote(newestNote, [log]);
    newer = checkpointOf(noteText(newestNote));
  } catch (e) {
    return `the log's newest checkpoint is not signed by its key ${log.name}: ${e.message}`;
  }
  const mine = checkpointOf(noteText(receipt.checkpoint));
  if (newer.origin !== mine.origin) return `the newest checkpoint is of the log ${newer.origin}, the receipt's of ${mine.origin}`;
  if (newer.size < mine.size) return `the log's newest checkpoint has ${newer.size} entries, fewer than the ${mine.size} of the receipt's: the log was cut back`;
  if (newer.size === mine.size) {
    return sameBytes(newer.root, mine.root) ? null : `the log's newest checkpoint has the receipt's ${mine.size} entries but another root: the log forked`;
  }
  if (!proof || !(await consistent(mine.size, newer.size, proof, mine.root, newer.root))) {
    return `the log's newest checkpoint (${newer.size} entries) is not consistent with the receipt's (${mine.size} entries): the consistency proof does not join their roots; the log forked or rewrote its history`;
  }
  return null;
}

/**
 * The LOG_CONSISTENCY line of `dareg verify-act --online`, for a receipt whose LOG_RECEIPT line passed
 * with keys (receiptKeys'): the log's newest checkpoint and the consistency proof from it to the
 * receipt's, fetched from this page's own origin (the gateway that served it, and no other), the
 * checkpoint's signature checked with the log's key and the proof in the page; the words are
 * ReceiptOptions'. A gateway that cannot be asked fails the line, saying so.
 */
export async function consistencyLine(receipt, keys) {
  const fail = (zh, en) => line('LOG_CONSISTENCY', 'FAIL', `不一致：${zh}`, `NOT VALID: ${en}`);
  let newest;
  let proof = null;
  try {
    const answer = await fetch('/api/v1/log/checkpoint', { headers: { Accept: 'text/plain' }, cache: 'no-store' });
    if (!answer.ok) throw new Error(`GET /api/v1/log/checkpoint answered HTTP ${answer.status}`);
    newest = await answer.text();
    const size = Number(noteText(newest).split('\n')[1]);
    if (Number.isSafeInteger(size) && size > receipt.treeSize) {
      const p = await fetch(`/api/v1/log/proofs/consistency?from=${receipt.treeSize}&to=${size}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      if (!p.ok) throw new Error(`GET /api/v1/log/proofs/consistency answered HTTP ${p.status}`);
      proof = ((await p.json()).hashes || []).map((h) => fromHex(String(h)));
    }
  } catch (e) {
    return fail(`无法向本网关取得日志的最新检查点或一致性证明：${e.message}`, `the log's newest checkpoint or the consistency proof could not be fetched from this gateway: ${e.message}`);
  }
  const why = await inconsistency(receipt, keys.log, newest, proof);
  if (why) return fail('本网关日志的最新检查点不延续回执的检查点（日志被截短、分叉或改写，或回执不属于本网关的日志）。', why);
  const size = checkpointOf(noteText(newest)).size;
  return line('LOG_CONSISTENCY', 'PASS', `日志最新检查点（${size} 条）延续回执的检查点（${receipt.treeSize} 条），签名由日志密钥 ${keys.log.name} 核验，一致性证明在本页核验。`,
    `the log's newest checkpoint (${size} entries) extends the receipt's (${receipt.treeSize})`);
}
