// Signing in to the console: the caller's X.509 certificate and private key (PEM), kept in this
// page's memory only. Every read carries a fresh token (gateway/README.md, Authentication) signed
// here (ECDSA P-256 with WebCrypto; SM2, which WebCrypto lacks, with sm2.js), because outside dev
// mode the gateway accepts each token once. Every write is a signed request (docs/signed-requests.md):
// the author's own signature over what is asked, which the ledger's rules check, so that nobody who
// carries it can change it. Only a ledger initialised without trusted roots, which names no identity
// to sign for, takes writes with tokens as before.
import { canonicalBytes, canonicalJson } from './jcs.js';
import { publicPoint, sm2Signer } from './sm2.js';

/** Why a sign-in cannot go ahead: Chinese and English words for the person at the screen. */
export class SignInError extends Error {
  constructor(zh, en) {
    super(en);
    this.zh = zh;
    this.en = en;
  }
}

/** The gateway refused a request: its problem+json document. */
export class Refusal extends Error {
  constructor(problem) {
    super(problem.detail || problem.title || `HTTP ${problem.status}`);
    this.problem = problem;
  }
}

/** The hex of the curve OIDs of the keys dareg signs with: P-256 (secp256r1) and SM2 (sm2p256v1). */
export const P256 = '2a8648ce3d030107';
export const SM2 = '2a811ccf5501822d';
const TOKEN_SECONDS = 120;
const FORMAT = 'dareg-signed-request/1';
// Writes the gateway serves itself but the author still signs: the operation each is signed as.
const GATEWAY_WRITES = { issueCertificate: 'issueCertificate' };

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const randomId = () => hex(crypto.getRandomValues(new Uint8Array(16))); // 128 random bits
const base64 = (bytes) => btoa(String.fromCharCode(...bytes));
const base64url = (bytes) => base64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** The first PEM block of each label in a text: { 'CERTIFICATE': bytes, ... }. */
export function pemBlocks(text) {
  const blocks = {};
  for (const m of String(text).matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)) {
    if (!(m[1] in blocks)) {
      try {
        blocks[m[1]] = Uint8Array.from(atob(m[2].replace(/\s+/g, '')), (c) => c.charCodeAt(0));
      } catch {
        throw new SignInError(`${m[1]} 块不是有效的 base64。`, `The ${m[1]} block is not valid base64.`);
      }
    }
  }
  return blocks;
}

// Just enough DER to find a certificate's public key: tag, where the content starts and ends.
export function tlv(b, i) {
  let len = b[i + 1];
  let p = i + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let k = 0; k < n; k++) len = len * 256 + b[p++];
  }
  if (p + len > b.length) throw new SignInError('证书数据不完整。', 'The certificate is truncated.');
  return { tag: b[i], start: i, body: p, end: p + len };
}

export function children(b, node) {
  const out = [];
  for (let i = node.body; i < node.end; i = out[out.length - 1].end) out.push(tlv(b, i));
  return out;
}

/** The SubjectPublicKeyInfo of a DER certificate and the hex of its curve's OID. */
export function publicKeyOf(der) {
  let fields = children(der, children(der, tlv(der, 0))[0]);
  if (fields[0].tag === 0xa0) fields = fields.slice(1);
  const spki = fields[5];
  const curve = children(der, children(der, spki)[0])[1];
  return { spki: der.slice(spki.start, spki.end), curve: curve ? hex(der.slice(curve.body, curve.end)) : '' };
}

/**
 * A signer: its token algorithm (JWS alg), its signed requests' algorithm, and raw(bytes), the
 * 64-byte r||s of its signature over bytes. ECDSA P-256 signs with WebCrypto, SM2 with sm2.js.
 */
function webCryptoSigner(key) {
  return {
    jws: 'ES256',
    algorithm: 'ECDSA-P256-SHA256',
    raw: async (bytes) => new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key, bytes)),
  };
}

/** The SM2 private key of a PKCS#8 document, as 32 bytes. */
function sm2PrivateKey(pkcs8) {
  const [, , wrapped] = children(pkcs8, tlv(pkcs8, 0));
  const ecPrivateKey = tlv(pkcs8, wrapped.body);
  const [, d] = children(pkcs8, ecPrivateKey);
  return pkcs8.slice(d.body, d.end);
}

/** The public point [x, y] of a certificate's SubjectPublicKeyInfo (an uncompressed point). */
export function pointOf(spki) {
  const [, bits] = children(spki, tlv(spki, 0));
  const point = spki.slice(bits.body + 1, bits.end);
  if (point[0] !== 4 || point.length !== 65) throw new SignInError('证书的公钥不是未压缩的椭圆曲线点。', 'The certificate\u2019s key is not an uncompressed curve point.');
  const big = (b) => BigInt(`0x${hex(b)}`);
  return [big(point.slice(1, 33)), big(point.slice(33))];
}

/**
 * The signer of an identity: its certificate (DER) and private key (PKCS#8 DER), ECDSA P-256 or SM2,
 * once a signature by the key verifies with the certificate's; or a SignInError saying what is wrong.
 */
export async function signerFor(certificate, pkcs8) {
  let publicKey;
  try {
    publicKey = publicKeyOf(certificate);
  } catch (e) {
    throw e instanceof SignInError ? e : new SignInError('无法读取证书。', 'The certificate cannot be read.');
  }
  const mismatch = new SignInError('私钥与证书不匹配：请载入同一身份的 cert.pem 和 key.pem。', 'The key does not belong to the certificate: load the cert.pem and key.pem of one identity.');
  if (publicKey.curve === SM2 || hex(pkcs8).includes(SM2)) {
    if (publicKey.curve !== SM2) throw mismatch;
    let d;
    let expected;
    try {
      d = sm2PrivateKey(pkcs8);
      expected = pointOf(publicKey.spki);
    } catch (e) {
      throw e instanceof SignInError ? e : new SignInError('无法读取私钥（应为 PKCS#8 格式的 SM2 私钥）。', 'The private key cannot be read (it should be an SM2 key in PKCS#8).');
    }
    const actual = publicPoint(BigInt(`0x${hex(d)}`));
    if (!actual || actual[0] !== expected[0] || actual[1] !== expected[1]) throw mismatch;
    const signer = sm2Signer(d, expected);
    return { jws: 'SM2SM3', algorithm: 'SM2-SM3', raw: async (bytes) => signer.sign(bytes) };
  }
  if (publicKey.curve !== P256) {
    throw new SignInError('证书的密钥既不是 ECDSA P-256 也不是 SM2，控制台无法使用。', 'The certificate\u2019s key is neither ECDSA P-256 nor SM2, which the console signs with.');
  }
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  let key;
  let verifier;
  try {
    key = await crypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign']);
    verifier = await crypto.subtle.importKey('spki', publicKey.spki, algorithm, false, ['verify']);
  } catch {
    throw new SignInError('无法读取私钥（应为 PKCS#8 格式的 ECDSA P-256 私钥）。', 'The private key cannot be read (it should be an ECDSA P-256 key in PKCS#8).');
  }
  const sign = { name: 'ECDSA', hash: 'SHA-256' };
  const probe = new TextEncoder().encode('dareg console');
  if (!(await crypto.subtle.verify(sign, verifier, await crypto.subtle.sign(sign, key, probe), probe))) throw mismatch;
  return webCryptoSigner(key);
}

/**
 * Reads a certificate and its key (PEM texts) into a session, or throws SignInError saying what
 * is wrong. Nothing is sent anywhere until the caller asks the gateway who it is.
 */
export async function signIn(certificatePem, keyPem) {
  if (!globalThis.crypto || !crypto.subtle) {
    throw new SignInError('浏览器只在安全连接（HTTPS，或本机 localhost / 127.0.0.1）中提供签名功能：请通过 HTTPS 打开控制台。',
      'Browsers sign only on secure pages (HTTPS, or localhost / 127.0.0.1): open the console over HTTPS.');
  }
  const certificate = pemBlocks(certificatePem).CERTIFICATE;
  if (!certificate) {
    throw new SignInError('证书文件中没有 “BEGIN CERTIFICATE” 块（应为 cert.pem）。', 'The certificate file has no BEGIN CERTIFICATE block (it is cert.pem).');
  }
  const keys = pemBlocks(keyPem);
  if (keys['ENCRYPTED PRIVATE KEY']) {
    throw new SignInError('私钥已加密：请先用 openssl pkcs8 解密后再载入。', 'The private key is encrypted: decrypt it (openssl pkcs8) before loading it.');
  }
  if (keys['EC PRIVATE KEY']) {
    throw new SignInError('私钥为 SEC1 格式：请用 openssl pkcs8 -topk8 -nocrypt 转为 PKCS#8（BEGIN PRIVATE KEY）。',
      'The key is in SEC1 form: convert it to PKCS#8 (BEGIN PRIVATE KEY) with openssl pkcs8 -topk8 -nocrypt.');
  }
  const pkcs8 = keys['PRIVATE KEY'];
  if (!pkcs8) {
    throw new SignInError('私钥文件中没有 “BEGIN PRIVATE KEY” 块（应为 key.pem）。', 'The key file has no BEGIN PRIVATE KEY block (it is key.pem).');
  }
  return new Session(certificate, await signerFor(certificate, pkcs8));
}

/** WebCrypto's ECDSA signature, r||s (IEEE P1363), as DER: SEQUENCE { INTEGER r, INTEGER s }. */
export function derSignature(p1363) {
  const integer = (bytes) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    // A leading 0 keeps an integer with its top bit set positive.
    const body = bytes[i] & 0x80 ? [0, ...bytes.slice(i)] : [...bytes.slice(i)];
    return [0x02, body.length, ...body];
  };
  const half = p1363.length / 2;
  const content = [...integer(p1363.slice(0, half)), ...integer(p1363.slice(half))];
  return Uint8Array.from([0x30, content.length, ...content]); // under 128 bytes for P-256: short lengths
}

/** A DER ECDSA signature, SEQUENCE { INTEGER r, INTEGER s }, as the r||s of size-byte halves WebCrypto verifies. */
export function p1363Signature(der, size = 32) {
  const [r, s] = children(der, tlv(der, 0));
  const half = (n) => {
    let b = der.slice(n.body, n.end);
    while (b.length > size && b[0] === 0) b = b.slice(1);
    if (b.length > size) throw new Error('the signature is not one of this curve');
    const out = new Uint8Array(size);
    out.set(b, size - b.length);
    return out;
  };
  const out = new Uint8Array(2 * size);
  out.set(half(r), 0);
  out.set(half(s), size);
  return out;
}

/**
 * A signed request (dareg-signed-request/1) for operation with args on ledger, signed by signer (a
 * signer of signerFor, or an ECDSA P-256 CryptoKey) whose certificate is certificate (base64 DER), at
 * time (milliseconds since the epoch), with requestId or a fresh random one.
 */
export async function signRequest(signer, certificate, { ledger, operation, args, time, requestId = randomId() }) {
  const by = signer instanceof CryptoKey ? webCryptoSigner(signer) : signer;
  const unsigned = {
    format: FORMAT, ledger, operation, arguments: args, certificate, time: new Date(time).toISOString(), requestId, algorithm: by.algorithm,
  };
  return { ...unsigned, signature: base64(derSignature(await by.raw(canonicalBytes(unsigned)))) };
}

/** A response's JSON, or null when its body is empty or not JSON. */
async function jsonOf(response) {
  const text = await response.text();
  try {
    return { text, json: text ? JSON.parse(text) : null };
  } catch {
    return { text, json: null };
  }
}

/** The Refusal a failed response stands for: its problem+json, or its text as the detail. */
function refusal(response, { text, json }) {
  return new Refusal(json && typeof json === 'object' ? { status: response.status, ...json } : { status: response.status, detail: text });
}

/** Sends a request to /api/v1 + path; answers the JSON, or throws a Refusal with the gateway's problem. */
async function send(method, path, headers, body) {
  const response = await fetch(`/api/v1${path}`, { method, headers: { Accept: 'application/json', ...headers }, body });
  const read = await jsonOf(response);
  if (!response.ok) throw refusal(response, read);
  return read.json;
}

/**
 * The writes of the API document (/api/v1/openapi.json), each with the operation its signed request
 * names, a pattern for its path and the names of its path parameters in order: each POST the
 * document marks signed (x-dareg-signed-operation), or else runs a ledger transaction, and the
 * gateway's own writes the author signs.
 */
function writesOf(document) {
  const writes = [];
  for (const [template, item] of Object.entries(document.paths || {})) {
    const post = item.post || {};
    const operation = post['x-dareg-signed-operation'] || post['x-dareg-transaction'] || GATEWAY_WRITES[post.operationId];
    if (!operation) continue;
    const names = [];
    const pattern = template.split('/').map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]);
      return '([^/]+)';
    }).join('/');
    writes.push({ operation, names, pattern: new RegExp(`^${pattern}$`) });
  }
  return writes;
}

/** A signed-in caller: each read signs its own short-lived, single-use token, each write its request. */
class Session {
  #x5c;
  #signer;
  #loaded = new Map();
  #devClock = true; // until the gateway answers that it has none

  constructor(certificate, signer) {
    this.#x5c = base64(certificate);
    this.#signer = signer;
  }

  async #token() {
    const encode = (o) => base64url(new TextEncoder().encode(JSON.stringify(o)));
    const iat = Math.floor(Date.now() / 1000);
    const jti = randomId();
    const input = `${encode({ alg: this.#signer.jws, typ: 'dareg+jwt', x5c: [this.#x5c] })}.${encode({ aud: 'dareg', iat, exp: iat + TOKEN_SECONDS, jti })}`;
    // The 64-byte r||s is what JWS wants (ES256; SM2SM3 alike).
    return `${input}.${base64url(await this.#signer.raw(new TextEncoder().encode(input)))}`;
  }

  /** What load answers, loaded once per session; a failed load is tried again next time. */
  #once(name, load) {
    if (!this.#loaded.has(name)) {
      this.#loaded.set(name, load().catch((e) => {
        this.#loaded.delete(name);
        throw e;
      }));
    }
    return this.#loaded.get(name);
  }

  /** The ledger's time now, in milliseconds: the dev clock's where the gateway has one (it may run ahead), else this machine's. */
  async #ledgerTime() {
    if (this.#devClock) {
      const response = await fetch('/api/v1/dev/clock', { headers: { Accept: 'application/json' } });
      if (response.status === 404) {
        this.#devClock = false;
      } else if (response.ok) {
        const now = Date.parse(String((await response.json()).now).replace(/(\.\d{3})\d+/, '$1'));
        if (Number.isFinite(now)) return now;
      }
    }
    return Date.now();
  }

  /** The ledger's identity, which a signed request names; null for a ledger that has none and takes writes with tokens. */
  #ledgerId() {
    return this.#once('ledgerId', async () => {
      try {
        return (await send('GET', '/ledger/identity', {})).ledgerId;
      } catch (e) {
        // A ledger initialised without trusted roots (before issue 23) names no identity: its rules cannot check a signature.
        if (e instanceof Refusal && e.problem.status === 404) return null;
        throw e;
      }
    });
  }

  /**
   * Signs and sends a write: operation with the body's members plus the path's parameters as its
   * arguments, for this gateway's ledger, at the ledger's time. A submit's confidential material is
   * not signed itself: its hash is, and the material travels beside the signed members. A ledger
   * without an identity takes the write with a token, as before signed requests.
   */
  async #write(write, path, body) {
    const ledger = await this.#ledgerId();
    if (ledger === null) return this.api('POST', path, body);
    const args = JSON.parse(JSON.stringify(body)); // the JSON the console means, as JSON.stringify has always sent it
    const beside = {};
    if (write.operation === 'submit' && args.confidential !== undefined) {
      beside.confidential = args.confidential;
      delete args.confidential;
      args.confidentialHash = await sha256(canonicalBytes(beside.confidential));
    }
    const values = write.pattern.exec(path).slice(1);
    write.names.forEach((name, i) => {
      args[name] = decodeURIComponent(values[i]);
    });
    const signed = await signRequest(this.#signer, this.#x5c, { ledger, operation: write.operation, args, time: await this.#ledgerTime() });
    // No Authorization header: the signature in the body is the author's word.
    return send('POST', path, { 'Content-Type': 'application/json' }, canonicalJson({ ...signed, ...beside }));
  }

  /** Calls /api/v1 + path with a token; answers the JSON, or throws a Refusal with the gateway's problem. */
  async api(method, path, body) {
    const headers = { Authorization: `Bearer ${await this.#token()}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return send(method, path, headers, body === undefined ? undefined : JSON.stringify(body));
  }

  get(path) {
    return this.api('GET', path);
  }

  /**
   * A document the gateway serves to signed-in callers only (a PDF, a CSV, a voucher): fetched with
   * a token, as a link cannot carry one; answers { blob, name, headers }, the name from Content-Disposition.
   */
  async fetchDocument(path, fallbackName) {
    const response = await fetch(`/api/v1${path}`, { headers: { Authorization: `Bearer ${await this.#token()}` } });
    if (!response.ok) throw refusal(response, await jsonOf(response));
    const disposition = /filename="?([^";]+)"?/.exec(response.headers.get('Content-Disposition') || '');
    return { blob: await response.blob(), name: disposition ? disposition[1] : fallbackName, headers: response.headers };
  }

  /** A POST: a signed request where it is a write of the API document, else with a token. */
  async post(path, body = {}) {
    const writes = await this.#once('writes', async () => writesOf(await send('GET', '/openapi.json', {})));
    const write = writes.find((w) => w.pattern.test(path));
    return write ? this.#write(write, path, body) : this.api('POST', path, body);
  }
}

/** The SHA-256 of a text or bytes as lower-case hex: what goes on the ledger in place of a document. */
export async function sha256(input) {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}
