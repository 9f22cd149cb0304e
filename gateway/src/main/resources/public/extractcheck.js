// Checking a judicial extract (司法存证摘录) PDF in the browser, as `dareg report check-extract`
// (client's ExtractVerifier) checks it offline: its one PDF signature (adbe.pkcs7.detached, a CMS
// signature by the registry's issuing key) verifies over the whole file but its own value, the
// signer's certificate is issued by a registry root the reader gives and was valid when it signed,
// and the extract's JSON is attached, canonical and of its media type. Nothing is sent anywhere.
// The registry signs with ECDSA P-256 over SHA-256 or with SM2 over SM3 (SM3withSM2, GB/T 35275's
// OIDs), as its issuing key is; both are checked here (SM2 with sm2.js).
import { canonicalJson } from './jcs.js';
import { P256, SM2, publicKeyOf } from './session.js';
import { issuedBy, signedBy } from './auditreport.js';
import { sm3 } from './sm2.js';

/** The media type of the attached extract JSON. */
export const EXTRACT_MEDIA_TYPE = 'application/vnd.dareg.judicial-extract+json;version=1';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const SHA256_OID = '608648016503040201';
const SM3_OID = '2a811ccf55018311'; // 1.2.156.10197.1.401
// What Bouncy Castle writes as a SignerInfo's signature algorithm for SM3withSM2: 1.2.156.10197.1.501, or sm2sign 1.2.156.10197.1.301.1.
const SM2_SIGNATURE_OIDS = ['2a811ccf55018375', '2a811ccf5501822d01'];
const MESSAGE_DIGEST_OID = '2a864886f70d010904';

// BER as CMS is written (indefinite lengths included): tag, where its content starts and ends, where it ends.
function node(b, i) {
  if (i + 1 >= b.length) throw new Error('the signature ends early');
  const tag = b[i];
  let p = i + 2;
  let len = b[i + 1];
  if (len === 0x80) {
    let q = p;
    while (!(b[q] === 0 && b[q + 1] === 0)) q = node(b, q).end;
    return { tag, start: i, body: p, contentEnd: q, end: q + 2 };
  }
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[p++];
  }
  if (p + len > b.length) throw new Error('the signature is truncated');
  return { tag, start: i, body: p, contentEnd: p + len, end: p + len };
}

function kids(b, n) {
  const out = [];
  for (let i = n.body; i < n.contentEnd; i = out[out.length - 1].end) out.push(node(b, i));
  return out;
}

const bytesOf = (b, n) => b.slice(n.body, n.contentEnd);

/** A certificate's TBS fields, without the optional version: serial, signature algorithm, issuer, validity, subject, key. */
function tbsFields(cert) {
  const fields = kids(cert, kids(cert, node(cert, 0))[0]);
  return fields[0].tag === 0xa0 ? fields.slice(1) : fields;
}

/** The text of an ASN.1 UTCTime (tag 0x17) or GeneralizedTime, in UTC, as a Date; null when it is not one. */
export function asn1Time(tag, t) {
  const m = tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(t) : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(t);
  if (!m) return null;
  const year = tag === 0x17 ? (Number(m[1]) < 50 ? 2000 : 1900) + Number(m[1]) : Number(m[1]);
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}

/** An ASN.1 time node of b as a Date. */
function timeOf(b, n) {
  return asn1Time(n.tag, new TextDecoder().decode(bytesOf(b, n)));
}

function commonNameOf(cert) {
  for (const rdn of kids(cert, tbsFields(cert)[4])) {
    for (const attribute of kids(cert, rdn)) {
      const [type, value] = kids(cert, attribute);
      if (hex(bytesOf(cert, type)) === '550403') return new TextDecoder().decode(bytesOf(cert, value));
    }
  }
  return '?';
}

const check = (name, passed, zh, en) => ({ name, passed, zh, en });

/** The signature's CMS: its one signer's certificate, and whether its signature covers the signed bytes. */
async function signature(signed, cms) {
  const [, wrapped] = kids(cms, node(cms, 0));
  const parts = kids(cms, kids(cms, wrapped)[0]);
  const certificates = parts.find((p) => p.tag === 0xa0);
  const signerInfos = kids(cms, parts[parts.length - 1]);
  if (signerInfos.length !== 1) return { check: check('SIGNATURE', false, `CMS 签名有 ${signerInfos.length} 个签名者，应为一个。`, `The CMS signature has ${signerInfos.length} signers; expected one.`) };
  const [, sid, digestAlgorithm, attributes, signatureAlgorithm, value] = kids(cms, signerInfos[0]);
  const digestOid = hex(bytesOf(cms, kids(cms, digestAlgorithm)[0]));
  const serial = sid.tag === 0x30 ? hex(bytesOf(cms, kids(cms, sid)[1])) : null;
  const certs = certificates ? kids(cms, certificates).map((c) => cms.slice(c.start, c.end)) : [];
  const signer = certs.find((c) => hex(bytesOf(c, tbsFields(c)[0])) === serial);
  if (!signer) return { check: check('SIGNATURE', false, '签名中没有签名者的证书。', 'The signer\u2019s certificate is not in the signature.') };
  const key = publicKeyOf(signer);
  const sm2 = key.curve === SM2 && digestOid === SM3_OID
    && SM2_SIGNATURE_OIDS.includes(hex(bytesOf(cms, kids(cms, signatureAlgorithm)[0])));
  if (!sm2 && !(key.curve === P256 && digestOid === SHA256_OID)) {
    return { signer, check: check('SIGNATURE', false, '签名算法不是 ECDSA P-256/SHA-256 或 SM2/SM3，摘录不会以此签名。',
      'The signature is neither ECDSA P-256 over SHA-256 nor SM2 over SM3, which are what an extract is signed with.') };
  }
  if (attributes.tag !== 0xa0) return { signer, check: check('SIGNATURE', false, '签名没有签名属性。', 'The signature has no signed attributes.') };
  const digest = kids(cms, attributes).map((a) => kids(cms, a)).find(([oid]) => hex(bytesOf(cms, oid)) === MESSAGE_DIGEST_OID);
  const expected = digest ? hex(bytesOf(cms, kids(cms, digest[1])[0])) : '';
  const actual = hex(sm2 ? sm3(signed) : new Uint8Array(await crypto.subtle.digest('SHA-256', signed)));
  // What is signed is the DER of the attributes as a SET (tag 0x31), not as the [0] they are stored under.
  const attributeBytes = cms.slice(attributes.start, attributes.end);
  attributeBytes[0] = 0x31;
  const ok = expected === actual && await signedBy(key, bytesOf(cms, value), attributeBytes);
  const who = commonNameOf(signer);
  return {
    signer,
    check: ok ? check('SIGNATURE', true, `签名有效，签名者 ${who}。`, `Valid, by ${who}.`)
      : check('SIGNATURE', false, '签名与文件不符：文件在签名后被改动过。', 'The signature does not match the file: it was changed after signing.'),
  };
}

/** The signer's certificate issued by one of roots and valid at the signing time. */
async function chain(signer, roots, signedAt) {
  if (!signer) return check('CHAIN', false, '没有可核验的签名者证书。', 'No signer certificate to check.');
  if (!roots.length) return check('CHAIN', false, '请选择登记机构根证书（PEM）以核验签名者证书。', 'Choose the registry root (PEM) to check the signer\u2019s certificate against.');
  for (const root of roots) {
    if (await issuedBy(signer, root)) {
      const [from, until] = kids(signer, tbsFields(signer)[3]).map((n) => timeOf(signer, n));
      const at = signedAt || new Date();
      if (!from || !until || at < from || at > until) {
        return check('CHAIN', false, `签名者证书在签名时（${at.toISOString()}）不在有效期内。`, `The signer\u2019s certificate was not valid at signing time ${at.toISOString()}.`);
      }
      return check('CHAIN', true, `由登记机构根证书 ${commonNameOf(root)} 签发，签名时有效。`, `Issued by the registry root ${commonNameOf(root)}, valid at signing time ${at.toISOString()}.`);
    }
  }
  return check('CHAIN', false, '签名者证书不是所选登记机构根证书签发的。', 'The signer\u2019s certificate does not chain to the registry root chosen.');
}

async function inflate(bytes) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
}

/** The file's text and its object streams' text inflated: where the attachment's file specification, with its name, is written. */
async function namesIn(pdf, text) {
  let all = text;
  for (const m of text.matchAll(/\/Type\s*\/ObjStm[^>]*?\/Length\s+(\d+)|\/Length\s+(\d+)[^>]*?\/Type\s*\/ObjStm/g)) {
    const start = text.indexOf('stream', m.index) + 'stream'.length;
    const from = start + (text[start] === '\r' ? 2 : 1);
    try {
      all += new TextDecoder('latin1').decode(await inflate(pdf.slice(from, from + Number(m[1] || m[2]))));
    } catch {
      // Not a Flate stream this page can read: its names are not looked at.
    }
  }
  return all;
}

/** The attached extract JSON: the PDF's embedded file stream, canonical and of the extract's media type. */
async function attachment(pdf, text) {
  const type = /\/Type\s*\/EmbeddedFile(?![A-Za-z])/.exec(text);
  if (!type) return { check: check('ATTACHMENT', false, '没有附加摘录 JSON。', 'No extract JSON is attached.') };
  const dictStart = text.lastIndexOf('obj', type.index);
  const streamAt = text.indexOf('stream', type.index);
  const dict = text.slice(dictStart, streamAt);
  let start = streamAt + 'stream'.length;
  if (text[start] === '\r') start++;
  if (text[start] === '\n') start++;
  const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
  let raw = length ? pdf.slice(start, start + Number(length[1])) : pdf.slice(start, text.indexOf('endstream', start)).slice(0, -1);
  if (/\/FlateDecode/.test(dict)) raw = await inflate(raw);
  const json = new TextDecoder().decode(raw);
  let extract;
  try {
    extract = JSON.parse(json);
  } catch {
    return { check: check('ATTACHMENT', false, '附加的文件不是 JSON。', 'The attached file is not JSON.') };
  }
  const canonical = canonicalJson(extract) === json;
  const typed = extract.mediaType === EXTRACT_MEDIA_TYPE;
  const name = `${extract.regNo}-extract.json`;
  const named = (await namesIn(pdf, text)).includes(`(${name})`);
  const ok = canonical && typed && named;
  return {
    extract,
    check: ok ? check('ATTACHMENT', true, `${name}：${(extract.records || []).length} 条记录。`, `${name}: ${(extract.records || []).length} records of ${extract.regNo}.`)
      : check('ATTACHMENT', false, `附加的 JSON ${canonical ? '' : '不是规范 JSON；'}${typed ? '' : '媒体类型不对；'}${named ? '' : '文件名不是其登记编号的。'}`,
        `The attached JSON${canonical ? '' : ' is not canonical;'}${typed ? '' : ` is not ${EXTRACT_MEDIA_TYPE};`}${named ? '' : ' is not named for its registration'}`),
  };
}

/**
 * Checks a judicial extract PDF (bytes) against roots (registry root certificates, DER); answers
 * { valid, checks: [{ name, passed, zh, en }], extract }. Never throws for a damaged or forged file: it reports it.
 */
export async function checkExtract(pdf, roots) {
  const checks = [];
  let extract = null;
  try {
    // One character per byte, so that positions in the text are positions in the file.
    const text = new TextDecoder('latin1').decode(pdf);
    const ranges = [...text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
    if (ranges.length !== 1) {
      checks.push(check('SIGNATURE', false, `此 PDF 有 ${ranges.length} 个签名，摘录应恰有一个。`, `The PDF carries ${ranges.length} signatures; an extract carries exactly one.`));
      return { valid: false, checks, extract };
    }
    const [a, b, c, d] = ranges[0].slice(1).map(Number);
    const whole = a === 0 && b > 0 && c > b && c + d === pdf.length;
    checks.push(check('COVERAGE', whole, whole ? '签名覆盖除签名值以外的整个文件。' : '签名范围未覆盖整个文件：文件在签名后被改动过。',
      whole ? 'The signature covers the whole file but its own value.' : `The signed byte range [${a} ${b} ${c} ${d}] does not cover the file\u2019s ${pdf.length} bytes: it was changed after signing.`));
    const hexValue = text.slice(a + b, c).replace(/[<>\s]/g, '');
    const contents = Uint8Array.from(hexValue.match(/../g) || [], (h) => parseInt(h, 16));
    const signed = new Uint8Array(b + d);
    signed.set(pdf.slice(a, a + b), 0);
    signed.set(pdf.slice(c, c + d), b);
    if (!/\/SubFilter\s*\/adbe\.pkcs7\.detached/.test(text)) {
      checks.push(check('SIGNATURE', false, '签名不是 adbe.pkcs7.detached。', 'The signature is not adbe.pkcs7.detached, as an extract\u2019s is.'));
    }
    const { signer, check: signatureCheck } = await signature(signed, contents);
    checks.push(signatureCheck);
    const date = /\/M\s*\(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/.exec(text);
    const signedAt = date ? new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6])) : null;
    checks.push(await chain(signer, roots, signedAt));
    const attached = await attachment(pdf, text);
    extract = attached.extract || null;
    checks.push(attached.check);
  } catch (e) {
    checks.push(check('SIGNATURE', false, `无法读取此 PDF：${e.message}`, `Not a readable PDF: ${e.message}`));
  }
  return { valid: checks.length > 0 && checks.every((x) => x.passed), checks, extract };
}
