// The author's signed request an act's transaction carries (docs/signed-requests.md), checked in the
// browser as core's ActProof.checkAuthor checks it on every ledger, embedded or Fabric: its form, its
// signature (P-256 with WebCrypto, SM2 with sm2.js), its certificate issued by a root the reader chose
// and valid at the transaction's time, signed within the skew of that time, for the operation
// recorded. Also what a check of an act needs of a certificate (names, validity) and of a line.
import { issuedBy, signedBy } from './auditreport.js';
import { asn1Time } from './extractcheck.js';
import { canonicalBytes } from './jcs.js';
import { P256, SM2, children, publicKeyOf, tlv } from './session.js';

const REQUEST_FORMAT = 'dareg-signed-request/1';
// The transaction the gateway completes beside its author's request, and what the author signs for it (core's SignedRequest).
const COMPLETED_TRANSACTION = 'recordCertificate';
const COMPLETED_OPERATION = 'issueCertificate';
const ALGORITHMS = { 'ECDSA-P256-SHA256': P256, 'SM2-SM3': SM2 };
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,199}$/;
const REQUEST_MEMBERS = ['format', 'ledger', 'operation', 'arguments', 'certificate', 'time', 'requestId', 'algorithm', 'signature'];

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** One line of a check: its name (TX_ROOT, AUTHOR, ...), its outcome (PASS, FAIL, NONE, PARTIAL), its words in Chinese and English. */
export const line = (name, outcome, zh, en) => ({ name, outcome, passed: outcome !== 'FAIL', zh, en });

/** Base64 text as bytes; an Error naming what is not base64. */
export function fromBase64(text, what) {
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
export async function issuerOf(cert, roots) {
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

/**
 * The author's lines of transaction tx ({ name, args (its arguments' JSON text), time (as the ledger
 * wrote it) }) at ledgerTime (a Date; by default tx.time's), against roots ([{ certificate, organisation }])
 * within skewSeconds: { lines (AUTHOR, and OPERATION when another was signed), author, organisation, operation }.
 */
export async function authorLines(tx, roots, skewSeconds, ledgerTime = new Date(tx.time)) {
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
  const time = ledgerTime;
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
