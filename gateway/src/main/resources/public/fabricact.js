// Checking an act exported from Fabric (dareg-fabric-act/1: the whole block that holds the
// transaction, as the peer returned it) in the browser, as `dareg verify-act --fabric-trust MSP=CA.pem`
// checks it offline (core's FabricActProof.verify), line for line and with its words: the block's
// data under its header's data hash; an orderer of a trusted organisation signed the header (over the
// metadata value, the signature header and the header's DER); the transaction in the block, signed
// by its proposer and endorsed by peers of trusted organisations (MSP = CA root, as the reader gives
// them), marked valid by the exporting peer; and its author's signed request (actauthor.js).
// The block is read with protobuf.js; Fabric's message field numbers are those of fabric-protos.
import { authorLines, certificateOf, fromBase64, issuerOf, line } from './actauthor.js';
import { certificatesIn, signedBy } from './auditreport.js';
import { bytesOf, fields, integerOf, messageOf, repeated, stringOf } from './protobuf.js';
import { P256, publicKeyOf } from './session.js';

const ENDORSER_TRANSACTION = 3n; // common.HeaderType
const SIGNATURES = 0; // common.BlockMetadataIndex
const TRANSACTIONS_FILTER = 2;
// peer.TxValidationCode, by number
const CODES = ['VALID', 'NIL_ENVELOPE', 'BAD_PAYLOAD', 'BAD_COMMON_HEADER', 'BAD_CREATOR_SIGNATURE', 'INVALID_ENDORSER_TRANSACTION',
  'INVALID_CONFIG_TRANSACTION', 'UNSUPPORTED_TX_PAYLOAD', 'BAD_PROPOSAL_TXID', 'DUPLICATE_TXID', 'ENDORSEMENT_POLICY_FAILURE',
  'MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'UNKNOWN_TX_TYPE', 'TARGET_CHAIN_NOT_FOUND', 'MARSHAL_TX_ERROR', 'NIL_TXACTION',
  'EXPIRED_CHAINCODE', 'CHAINCODE_VERSION_CONFLICT', 'BAD_HEADER_EXTENSION', 'BAD_CHANNEL_HEADER', 'BAD_RESPONSE_PAYLOAD', 'BAD_RWSET',
  'ILLEGAL_WRITESET', 'INVALID_WRITESET', 'INVALID_CHAINCODE'];
const codeName = (flag) => CODES[flag] || { 254: 'NOT_VALIDATED', 255: 'INVALID_OTHER_REASON' }[flag];

const sha256 = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
const concat = (...parts) => Uint8Array.from(parts.flatMap((p) => [...p]));
const sameBytes = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

/** A DER TLV of tag with body. */
function der(tag, body) {
  const n = body.length;
  const length = n < 0x80 ? [n] : (() => {
    const bytes = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    return [0x80 | bytes.length, ...bytes];
  })();
  return Uint8Array.from([tag, ...length, ...body]);
}

/** Fabric's BlockHeaderBytes: DER SEQUENCE { INTEGER number, OCTET STRING previous hash, OCTET STRING data hash }. */
function headerBytes(number, previousHash, dataHash) {
  const magnitude = [];
  for (let v = number; v > 0n; v >>= 8n) magnitude.unshift(Number(v & 0xffn));
  // The number is unsigned: a leading 0 keeps it positive, as Java's BigInteger writes it.
  const integer = magnitude.length === 0 ? [0] : magnitude[0] & 0x80 ? [0, ...magnitude] : magnitude;
  return der(0x30, concat(der(0x02, integer), der(0x04, previousHash), der(0x04, dataHash)));
}

/** A time as Java's Instant.toString writes it: no fraction, or the fraction's digits in groups of three. */
function instantText(seconds, nanos) {
  const base = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  if (nanos === 0) return `${base}Z`;
  const digits = String(nanos).padStart(9, '0');
  return `${base}.${nanos % 1e6 === 0 ? digits.slice(0, 3) : nanos % 1e3 === 0 ? digits.slice(0, 6) : digits}Z`;
}

/** The endorser transaction of a block's data (an Envelope), read far enough to check it, or null for any other kind (FabricActProof.Tx.read). */
function transactionOf(data) {
  try {
    const envelope = fields(data);
    const payload = messageOf(envelope, 1);
    const header = messageOf(payload, 1);
    const channelHeader = messageOf(header, 1);
    if (BigInt.asIntN(32, integerOf(channelHeader, 1)) !== ENDORSER_TRANSACTION) return null;
    const signatureHeader = messageOf(header, 2);
    const actions = repeated(messageOf(payload, 2), 1);
    if (actions.length !== 1) return null;
    const actionPayload = messageOf(fields(actions[0]), 2);
    const spec = messageOf(messageOf(messageOf(actionPayload, 1), 1), 1);
    messageOf(spec, 2); // the chaincode's id, read as protobuf reads it
    const input = messageOf(spec, 3);
    const endorsed = messageOf(actionPayload, 2);
    const timestamp = messageOf(channelHeader, 3);
    const seconds = BigInt.asIntN(64, integerOf(timestamp, 1));
    const nanos = Number(BigInt.asIntN(32, integerOf(timestamp, 2)));
    return {
      payload: bytesOf(envelope, 1), signature: bytesOf(envelope, 2), creator: bytesOf(signatureHeader, 1),
      channel: stringOf(channelHeader, 4), txId: stringOf(channelHeader, 5),
      responsePayload: bytesOf(endorsed, 1),
      endorsements: repeated(endorsed, 2).map((e) => fields(e)).map((e) => ({ endorser: bytesOf(e, 1), signature: bytesOf(e, 2) })),
      args: repeated(input, 1).map((a) => new TextDecoder().decode(a)),
      time: new Date(Number(seconds) * 1000 + Math.floor(nanos / 1e6)), timeText: instantText(seconds, nanos),
    };
  } catch {
    return null;
  }
}

/**
 * Checks that serialized (a Fabric SerializedIdentity) signed data with ECDSA P-256 over SHA-256, with
 * a certificate issued by the root the reader gave for its MSP, valid at time; adds a FAIL line named
 * name when not (FabricActProof.identityCheck's words). Answers "MSP (subject)" when it holds, else null.
 */
async function identityCheck(name, what, serialized, data, signature, roots, time, lines) {
  const fail = (zh, en) => {
    lines.push(line(name, 'FAIL', zh, en));
    return null;
  };
  let msp;
  let cert;
  try {
    const id = fields(serialized);
    msp = stringOf(id, 1);
    const idBytes = bytesOf(id, 2);
    const text = new TextDecoder().decode(idBytes);
    cert = certificateOf(text.includes('-----BEGIN CERTIFICATE-----') ? certificatesIn(text)[0] : idBytes);
  } catch (e) {
    return fail(`${what[0]}的身份无法读取：${e.message}`, `the ${what[1]}'s identity is unreadable: ${e.message}`);
  }
  const who = `${msp} (${cert.subject.text})`;
  let trusted = false;
  for (const root of roots.filter((r) => r.organisation === msp)) {
    trusted = trusted || (await issuerOf(cert, [root])) === msp;
  }
  if (!trusted) {
    return fail(`${what[0]} ${who} 的证书不是您为 ${msp} 信任的 Fabric 根证书签发的。`,
      `the ${what[1]} ${who} has a certificate no Fabric root you trust for ${msp} issued`);
  }
  if (time && (!cert.notBefore || !cert.notAfter || time.date < cert.notBefore || time.date > cert.notAfter)) {
    return fail(`${what[0]} ${who} 的证书在 ${time.text} 无效。`, `the ${what[1]} ${who}'s certificate was not valid at ${time.text}`);
  }
  const key = publicKeyOf(cert.der);
  let holds;
  try {
    if (key.curve !== P256) throw new Error('the key is not ECDSA P-256');
    holds = await signedBy(key, signature, data);
  } catch (e) {
    return fail(`${what[0]} ${who} 的签名无法核验：${e.message}`, `the ${what[1]} ${who}'s signature cannot be checked: ${e.message}`);
  }
  if (!holds) return fail(`${what[0]} ${who} 的签名不成立（所签的字节被改动过）。`, `the ${what[1]} ${who}'s signature does not verify (the signed bytes were changed)`);
  return who;
}

/** The orderer's signature over the block header, as Fabric's block writer makes it; adds its lines, answers whether one held. */
async function ordererLines(block, fabricRoots, time, lines) {
  const { number } = block;
  let metadata;
  try {
    if (block.metadata.length <= SIGNATURES) throw new Error('no metadata');
    metadata = fields(block.metadata[SIGNATURES]);
  } catch {
    lines.push(line('ORDERER', 'FAIL', `区块 ${number} 没有可读的签名元数据。`, `block ${number} has no readable signature metadata`));
    return false;
  }
  const signatures = repeated(metadata, 2);
  if (!signatures.length) {
    lines.push(line('ORDERER', 'FAIL', `区块 ${number} 没有排序节点的签名。`, `no orderer signed block ${number}`));
    return false;
  }
  let any = false;
  for (const s of signatures.map((b) => fields(b))) {
    const signatureHeader = bytesOf(s, 1);
    if (!signatureHeader.length) {
      lines.push(line('ORDERER', 'FAIL', `区块 ${number} 的一个签名以共识节点编号指明排序节点（BFT 排序），本检查不读取：请对照通道的共识节点集核验。`,
        `a signature of block ${number} names its orderer by consenter id (BFT ordering), which this check does not read: verify it against the channel's consenter set`));
      continue;
    }
    let creator;
    try {
      creator = bytesOf(fields(signatureHeader), 1);
    } catch {
      lines.push(line('ORDERER', 'FAIL', `区块 ${number} 的一个签名头无法读取。`, `a signature header of block ${number} is unreadable`));
      continue;
    }
    const signed = concat(bytesOf(metadata, 1), signatureHeader, headerBytes(block.numberValue, block.previousHash, block.dataHash));
    any = (await identityCheck('ORDERER', ['排序节点', 'orderer'], creator, signed, bytesOf(s, 2), fabricRoots, time, lines)) != null || any;
  }
  if (any) {
    lines.push(line('ORDERER', 'PASS', `受信组织的排序节点签署了区块 ${number} 的区块头。`, `an orderer of a trusted organisation signed the header of block ${number}`));
  }
  return any;
}

/**
 * Checks a dareg-fabric-act/1 act (its parsed JSON without a log receipt: { channel, txId, block
 * (base64) }) against roots (authors', as --trust) and fabricRoots (the network's CA roots, each
 * { certificate, organisation: its MSP id }, as --fabric-trust) within skewSeconds: { valid, format,
 * author, organisation, operation, lines }, the lines in FabricActProof.verify's order and words.
 */
export async function checkFabricAct(act, roots, fabricRoots, skewSeconds) {
  const result = (lines, author = {}) => ({
    valid: lines.every((l) => l.passed), format: act.format, author: author.author, organisation: author.organisation, operation: author.operation, lines,
  });
  let block;
  try {
    const b = fields(fromBase64(act.block, 'the block'));
    const header = messageOf(b, 1);
    const numberValue = integerOf(header, 1);
    block = {
      numberValue, number: numberValue.toString(), previousHash: bytesOf(header, 2), dataHash: bytesOf(header, 3),
      data: repeated(messageOf(b, 2), 1), metadata: repeated(messageOf(b, 3), 1),
    };
  } catch (e) {
    return result([line('BLOCK_DATA', 'FAIL', `行为中的区块不是 Fabric 区块：${e.message}`, `the act's block is not a Fabric block: ${e.message}`)]);
  }
  const { number } = block;
  const lines = [];

  // 1. The block: its data under its header, its header signed by an orderer.
  lines.push(sameBytes(await sha256(concat(...block.data)), block.dataHash)
    ? line('BLOCK_DATA', 'PASS', `区块 ${number} 的 ${block.data.length} 笔交易的散列即其区块头中的数据散列。`,
      `the ${block.data.length} transactions of block ${number} hash to its header's data hash`)
    : line('BLOCK_DATA', 'FAIL', `区块 ${number} 的交易与其区块头中的数据散列不符（区块被改动过）。`,
      `the transactions of block ${number} do not hash to its header's data hash (the block was changed)`));
  let tx = null;
  let index = -1;
  for (let i = 0; i < block.data.length && !tx; i++) {
    const t = transactionOf(block.data[i]);
    if (t && t.txId === act.txId) {
      tx = t;
      index = i;
    }
  }
  const time = tx && { date: tx.time, text: tx.timeText };
  await ordererLines(block, fabricRoots, time, lines);
  if (!tx) {
    lines.push(line('TRANSACTION', 'FAIL', `区块 ${number} 中没有交易 ${act.txId}。`, `block ${number} holds no transaction ${act.txId}`));
    return result(lines);
  }

  // 2. The transaction: proposed and signed by its creator, endorsed, marked valid by the exporting peer.
  if (tx.channel !== act.channel) {
    lines.push(line('CHANNEL', 'FAIL', `交易属于通道 ${tx.channel}，不是 ${act.channel}。`, `the transaction is of channel ${tx.channel}, not ${act.channel}`));
  }
  await identityCheck('PROPOSER', ['提交者', 'proposer'], tx.creator, tx.payload, tx.signature, fabricRoots, time, lines);
  const endorsers = [];
  for (const e of tx.endorsements) {
    const who = await identityCheck('ENDORSEMENT', ['背书节点', 'endorser'], e.endorser, concat(tx.responsePayload, e.endorser), e.signature, fabricRoots, time, lines);
    if (who) endorsers.push(who);
  }
  if (!tx.endorsements.length) {
    lines.push(line('ENDORSEMENT', 'FAIL', '交易没有背书。', 'the transaction carries no endorsement'));
  } else {
    const all = endorsers.length === tx.endorsements.length;
    lines.push(line('ENDORSEMENT', all ? 'PASS' : 'FAIL', `${tx.endorsements.length} 个背书中 ${endorsers.length} 个核验通过：${endorsers.join('、')}（需哪些组织背书由通道的背书策略规定）。`,
      `endorsed by ${endorsers.length} of ${tx.endorsements.length} endorsers verified: ${endorsers.join(', ')} (the channel's endorsement policy says which organisations must endorse)`));
  }
  const flags = block.metadata.length > TRANSACTIONS_FILTER ? block.metadata[TRANSACTIONS_FILTER] : new Uint8Array(0);
  const flag = index < flags.length ? flags[index] : -1;
  lines.push(flag === 0
    ? line('VALIDATION', 'PASS', `导出区块的节点将第 ${index} 笔交易标记为有效（各节点提交时自行判定，排序节点的签名不覆盖此标记）。`,
      `the peer that exported the block marked transaction ${index} VALID (each peer's own finding at commit; the orderer's signature does not cover it)`)
    : line('VALIDATION', 'FAIL', `导出区块的节点将第 ${index} 笔交易标记为 ${codeName(flag) || flag}：它未改变账本。`,
      `the peer that exported the block marked transaction ${index} ${codeName(flag) || `with code ${flag}`}: it did not change the ledger`));

  // 3. The author's signed request, as on every ledger; the contract API may prefix the function with the contract's name.
  const name = (tx.args[0] || '').slice((tx.args[0] || '').indexOf(':') + 1);
  lines.push(line('TRANSACTION', 'PASS', `交易 ${act.txId} 是通道 ${act.channel} 区块 ${number} 的第 ${index} 笔，于 ${tx.timeText} 调用 ${name}。`,
    `transaction ${act.txId} is number ${index} of block ${number} on channel ${act.channel}, calling ${name} at ${tx.timeText}`));
  const author = await authorLines({ name, args: tx.args[1] || '', time: tx.timeText }, roots, skewSeconds, tx.time);
  lines.push(...author.lines);
  return result(lines, author);
}
