// Checking a signed ledger audit report in the browser, as `dareg ledger check-report` does (core's
// SignedAuditReport): the signature over the canonical JSON of its report, and that the signer is
// trusted, which is either the node key the audited blocks are signed with (its id is the audit's
// nodeKeyId: the reports the gateway signs, GET /ledger/audit) or an operator's certificate issued
// by a registry root the reader gives (the reports `dareg ledger verify --data` signs). Keys and
// roots are ECDSA P-256 (checked with WebCrypto) or SM2 (checked with sm2.js), as core's Signatures.
import { canonicalBytes } from './jcs.js';
import { P256, SM2, children, p1363Signature, pemBlocks, pointOf, publicKeyOf, tlv } from './session.js';
import { sm2Verify } from './sm2.js';

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const fromBase64 = (text) => Uint8Array.from(atob(String(text).replace(/\s+/g, '')), (c) => c.charCodeAt(0));
const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' };
const SHA256 = { name: 'ECDSA', hash: 'SHA-256' };

/** The outcome of a check: valid or not, who signed, and why in Chinese and English. */
function outcome(valid, signer, zh, en) {
  return { valid, signer, zh, en };
}

/** Every certificate (DER) in a PEM text: the registry roots a reader trusts. */
export function certificatesIn(text) {
  return [...String(text || '').matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map((m) => fromBase64(m[1]));
}

/**
 * Whether key ({ spki, curve } as session.js's publicKeyOf answers it) signed bytes with signature (DER,
 * SEQUENCE { r, s }): ECDSA P-256 over SHA-256, or SM2 over SM3 with the default signer ID, by the
 * key's curve. False for a signature that does not verify; an Error for a key of another curve.
 */
export async function signedBy(key, signature, bytes) {
  if (key.curve === P256) {
    const verifier = await crypto.subtle.importKey('spki', key.spki, ECDSA, false, ['verify']);
    return crypto.subtle.verify(SHA256, verifier, p1363Signature(signature), bytes);
  }
  if (key.curve === SM2) return sm2Verify(pointOf(key.spki), bytes, p1363Signature(signature));
  throw new Error('the key is neither ECDSA P-256 nor SM2');
}

/** The curve of a SubjectPublicKeyInfo (DER): P256, SM2 or ''. */
export function curveOfKey(spki) {
  const [algorithm] = children(spki, tlv(spki, 0));
  const [, parameters] = children(spki, algorithm);
  return parameters ? hex(spki.slice(parameters.body, parameters.end)) : '';
}

/**
 * Whether root (a certificate, DER) issued certificate (DER): its signature over the TBS part
 * verifies with the root's key, ECDSA P-256 or SM2 (SM3withSM2, as Bouncy Castle checks it).
 */
export async function issuedBy(certificate, root) {
  const rootKey = publicKeyOf(root);
  if (rootKey.curve !== P256 && rootKey.curve !== SM2) return false;
  const [tbs, , signature] = children(certificate, tlv(certificate, 0));
  // The BIT STRING's first byte counts its unused bits (0 here); the DER signature follows.
  try {
    return await signedBy(rootKey, certificate.slice(signature.body + 1, signature.end), certificate.slice(tbs.start, tbs.end));
  } catch {
    return false; // a signature that is not SEQUENCE { r, s } of this curve is not the root's
  }
}

/** The common name (2.5.4.3) of a certificate's subject, or '' (enough to name a signer). */
function commonName(der) {
  let fields = children(der, children(der, tlv(der, 0))[0]);
  if (fields[0].tag === 0xa0) fields = fields.slice(1);
  for (const rdn of children(der, fields[4])) {
    for (const attribute of children(der, rdn)) {
      const [type, value] = children(der, attribute);
      if (hex(der.slice(type.body, type.end)) === '550403') return new TextDecoder().decode(der.slice(value.body, value.end));
    }
  }
  return '';
}

/**
 * Checks a signed audit report (the parsed JSON of a dareg ledger verify --report file or of GET
 * /ledger/audit) against roots (certificates, DER) for an operator's signature; answers { valid,
 * signer, zh, en, audit }, never throws for a damaged or forged report: it says what is wrong.
 */
export async function checkAuditReport(signed, roots = []) {
  const audit = signed && signed.report && signed.report.audit;
  const result = await check(signed, roots);
  return { ...result, audit: audit && typeof audit === 'object' ? audit : null };
}

async function check(signed, roots) {
  if (!signed || typeof signed !== 'object' || typeof signed.report !== 'object' || !signed.report
      || typeof signed.signer !== 'object' || !signed.signer || typeof signed.signature !== 'string') {
    return outcome(false, '?', '这不是签名的账本审计报告：应含 report、signer 和 signature。', 'Not a signed audit report: it needs report, signer and signature.');
  }
  let signature;
  try {
    signature = fromBase64(signed.signature);
  } catch {
    return outcome(false, '?', '签名不是 base64。', 'The signature is not base64.');
  }
  const bytes = canonicalBytes(signed.report);
  const { signer } = signed;
  try {
    if (signer.publicKey) {
      const spki = pemBlocks(signer.publicKey)['PUBLIC KEY'];
      if (!spki) return outcome(false, '?', '签名者的公钥不是 PEM（BEGIN PUBLIC KEY）。', 'The signer\u2019s public key is not PEM (BEGIN PUBLIC KEY).');
      const keyId = hex(new Uint8Array(await crypto.subtle.digest('SHA-256', spki))).slice(0, 32);
      const who = `node key ${keyId}`;
      const curve = curveOfKey(spki);
      if (curve !== P256 && curve !== SM2) {
        return outcome(false, who, '签名者的公钥既不是 ECDSA P-256 也不是 SM2。', 'The signer\u2019s public key is neither ECDSA P-256 nor SM2.');
      }
      if (!(await signedBy({ spki, curve }, signature, bytes))) {
        return outcome(false, who, '签名无效：报告被改动过，或由其他密钥签名。', 'The signature does not verify: the report was changed or signed by another key.');
      }
      if (keyId !== (signed.report.audit || {}).nodeKeyId) {
        return outcome(false, who, '签名密钥不是被审计区块所用的节点密钥。', 'The signing key is not the node key the audited blocks are signed with.');
      }
      return outcome(true, who, `由节点密钥 ${keyId} 于 ${signed.report.auditedAt} 签名，签名有效。`, `Signed by ${who} at ${signed.report.auditedAt}; the signature verifies.`);
    }
    if (signer.certificate) {
      const certificate = fromBase64(signer.certificate);
      const key = publicKeyOf(certificate);
      const who = commonName(certificate) || 'operator certificate';
      if (key.curve !== P256 && key.curve !== SM2) {
        return outcome(false, who, '签名者证书的密钥既不是 ECDSA P-256 也不是 SM2。', 'The signer\u2019s certificate key is neither ECDSA P-256 nor SM2.');
      }
      if (!(await signedBy(key, signature, bytes))) {
        return outcome(false, who, '签名无效：报告被改动过，或由其他密钥签名。', 'The signature does not verify: the report was changed or signed by another key.');
      }
      if (!roots.length) {
        return outcome(false, who, '签名有效，但报告由操作人员的证书签名：请选择登记机构根证书（PEM）以核验该证书。',
          'The signature verifies, but the report is signed by an operator\u2019s certificate: choose the registry root (PEM) to check that certificate against.');
      }
      for (const root of roots) {
        if (await issuedBy(certificate, root)) {
          return outcome(true, who, `由 ${who}（登记机构根证书签发）于 ${signed.report.auditedAt} 签名，签名有效。`,
            `Signed by ${who}, issued by a registry root, at ${signed.report.auditedAt}; the signature verifies.`);
        }
      }
      return outcome(false, who, '签名者的证书不是所选登记机构根证书签发的。', 'The signer\u2019s certificate is not issued by the registry root chosen.');
    }
  } catch (e) {
    return outcome(false, '?', `无法读取签名者：${e.message}`, `The signer cannot be read: ${e.message}`);
  }
  return outcome(false, '?', '签名者既没有证书也没有公钥。', 'The signer gives neither a certificate nor a public key.');
}
