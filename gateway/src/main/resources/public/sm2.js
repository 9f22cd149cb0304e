// SM2 signatures (GB/T 32918.2, over SM3, GB/T 32905) for the console and the verify page, which
// browsers' WebCrypto does not offer: a console signed in with an SM2 identity signs its tokens (alg
// SM2SM3) and its signed requests (SM2-SM3) here, and the verify page checks SM2 signatures here
// (extracts, audit reports, certificates, acts), as Bouncy Castle's SM3withSM2 does for the command
// line, with the signer ID GB/T 32918 recommends when none is agreed (core's
// Signatures.SM2_DEFAULT_ID). Arithmetic is JavaScript's BigInt: not constant-time, so the key is as
// safe as the page's memory, where it lives anyway; verifying handles only public values. The
// gateway and the ledger's rules verify every signature with Bouncy Castle.

const hexOf = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const big = (bytes) => BigInt(`0x${hexOf(bytes) || '0'}`);
const bytes32 = (n) => Uint8Array.from(n.toString(16).padStart(64, '0').match(/../g), (h) => parseInt(h, 16));

// ---- SM3 ----
const IV = [0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e];
const rotl = (x, n) => ((x << (n % 32)) | (x >>> ((32 - (n % 32)) % 32))) >>> 0;
const p0 = (x) => (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
const p1 = (x) => (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;

/** The SM3 digest of bytes (32 bytes). */
export function sm3(message) {
  const bitLength = message.length * 8;
  const padded = new Uint8Array(Math.ceil((message.length + 9) / 64) * 64);
  padded.set(message);
  padded[message.length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  const v = IV.slice();
  const w = new Array(68);
  const w1 = new Array(64);
  for (let offset = 0; offset < padded.length; offset += 64) {
    for (let j = 0; j < 16; j++) w[j] = view.getUint32(offset + 4 * j);
    for (let j = 16; j < 68; j++) w[j] = (p1(w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)) ^ rotl(w[j - 13], 7) ^ w[j - 6]) >>> 0;
    for (let j = 0; j < 64; j++) w1[j] = (w[j] ^ w[j + 4]) >>> 0;
    let [a, b, c, d, e, f, g, h] = v;
    for (let j = 0; j < 64; j++) {
      const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
      const ss1 = rotl((rotl(a, 12) + e + rotl(t, j)) >>> 0, 7);
      const ss2 = (ss1 ^ rotl(a, 12)) >>> 0;
      const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
      const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
      const tt1 = ((ff >>> 0) + d + ss2 + w1[j]) >>> 0;
      const tt2 = ((gg >>> 0) + h + ss1 + w[j]) >>> 0;
      d = c;
      c = rotl(b, 9);
      b = a;
      a = tt1;
      h = g;
      g = rotl(f, 19);
      f = e;
      e = p0(tt2);
    }
    [a, b, c, d, e, f, g, h].forEach((x, i) => {
      v[i] = (v[i] ^ x) >>> 0;
    });
  }
  const out = new Uint8Array(32);
  v.forEach((x, i) => new DataView(out.buffer).setUint32(4 * i, x));
  return out;
}

// ---- the curve sm2p256v1 ----
const P = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFFn;
const A = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFCn;
const B = 0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93n;
const N = 0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123n;
const G = [0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7n, 0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0n];
const ID = new TextEncoder().encode('1234567812345678');

const mod = (x, m) => ((x % m) + m) % m;

function inverse(x, m) {
  let [a, b, u, v] = [mod(x, m), m, 1n, 0n];
  while (a !== 0n) {
    const q = b / a;
    [a, b] = [b - q * a, a];
    [u, v] = [v - q * u, u];
  }
  if (b !== 1n) throw new Error('not invertible');
  return mod(v, m);
}

// Points in Jacobian coordinates [X, Y, Z]; Z = 0 is the point at infinity.
function double([x, y, z]) {
  if (z === 0n || y === 0n) return [0n, 1n, 0n];
  const yy = mod(y * y, P);
  const s = mod(4n * x * yy, P);
  const zz = mod(z * z, P);
  const m = mod(3n * x * x + A * zz * zz, P);
  const x3 = mod(m * m - 2n * s, P);
  return [x3, mod(m * (s - x3) - 8n * yy * yy, P), mod(2n * y * z, P)];
}

function add(p, q) {
  if (p[2] === 0n) return q;
  if (q[2] === 0n) return p;
  const z1z1 = mod(p[2] * p[2], P);
  const z2z2 = mod(q[2] * q[2], P);
  const u1 = mod(p[0] * z2z2, P);
  const u2 = mod(q[0] * z1z1, P);
  const s1 = mod(p[1] * q[2] * z2z2, P);
  const s2 = mod(q[1] * p[2] * z1z1, P);
  if (u1 === u2) return s1 === s2 ? double(p) : [0n, 1n, 0n];
  const h = mod(u2 - u1, P);
  const r = mod(s2 - s1, P);
  const hh = mod(h * h, P);
  const hhh = mod(h * hh, P);
  const x3 = mod(r * r - hhh - 2n * u1 * hh, P);
  return [x3, mod(r * (u1 * hh - x3) - s1 * hhh, P), mod(h * p[2] * q[2], P)];
}

function multiply(k, [x, y]) {
  let result = [0n, 1n, 0n];
  let addend = [x, y, 1n];
  for (let n = k; n > 0n; n >>= 1n) {
    if (n & 1n) result = add(result, addend);
    addend = double(addend);
  }
  if (result[2] === 0n) return null;
  const zi = inverse(result[2], P);
  return [mod(result[0] * zi * zi, P), mod(result[1] * zi * zi * zi, P)];
}

/** The public point d·G of a private key d (a BigInt), as [x, y]. */
export function publicPoint(d) {
  return multiply(d, G);
}

function randomScalar() {
  for (;;) {
    const k = big(crypto.getRandomValues(new Uint8Array(32)));
    if (k > 0n && k < N) return k;
  }
}

/**
 * Z, the hash of the signer's identity that GB/T 32918.2 puts before the message: SM3 over the
 * signer ID's bit length, the ID, the curve's a and b, the base point and the public point [x, y].
 */
function zOf([x, y]) {
  const entl = Uint8Array.of((ID.length * 8) >> 8, (ID.length * 8) & 0xff);
  return sm3(Uint8Array.from([...entl, ...ID, ...bytes32(A), ...bytes32(B), ...bytes32(G[0]), ...bytes32(G[1]), ...bytes32(x), ...bytes32(y)]));
}

/**
 * An SM2 signer for the private key d (32 bytes) whose public point is [x, y]: sign(bytes) answers
 * the 64-byte r||s of SM3withSM2 over bytes with the default signer ID.
 */
export function sm2Signer(d, [x, y]) {
  const key = big(d);
  if (key <= 0n || key >= N) throw new Error('not an SM2 private key');
  const z = zOf([x, y]);
  const inv = inverse(1n + key, N);
  return {
    sign(message) {
      const e = big(sm3(Uint8Array.from([...z, ...message])));
      for (;;) {
        const k = randomScalar();
        const [x1] = multiply(k, G);
        const r = mod(e + x1, N);
        if (r === 0n || r + k === N) continue;
        const s = mod(inv * (k - r * key), N);
        if (s === 0n) continue;
        return Uint8Array.from([...bytes32(r), ...bytes32(s)]);
      }
    },
  };
}

/** Whether [x, y] is a point of sm2p256v1 other than the point at infinity (a public key must be). */
function onCurve([x, y]) {
  return x >= 0n && x < P && y >= 0n && y < P && mod(y * y - (x * x * x + A * x + B), P) === 0n;
}

/**
 * Whether signature, the 64-byte r||s of SM3withSM2 with the default signer ID, is the holder of the
 * public point [x, y] (BigInts)'s over message (bytes), as GB/T 32918.2 section 7 checks it: r and s
 * in [1, n-1], t = r + s not 0 mod n, and r = e + x1 mod n where (x1, y1) = s·G + t·P.
 */
export function sm2Verify([x, y], message, signature) {
  if (!onCurve([x, y])) throw new Error('the public key is not a point of the SM2 curve');
  if (!(signature instanceof Uint8Array) || signature.length !== 64) throw new Error('an SM2 signature is 64 bytes, r||s');
  const r = big(signature.slice(0, 32));
  const s = big(signature.slice(32));
  if (r < 1n || r >= N || s < 1n || s >= N) return false;
  const t = mod(r + s, N);
  if (t === 0n) return false;
  const e = big(sm3(Uint8Array.from([...zOf([x, y]), ...message])));
  const sum = add(jacobian(multiply(s, G)), jacobian(multiply(t, [x, y])));
  if (sum[2] === 0n) return false;
  const zi = inverse(sum[2], P);
  const x1 = mod(sum[0] * zi * zi, P);
  return mod(e + x1, N) === r;
}

/** An affine point (or null, the point at infinity) in Jacobian coordinates. */
function jacobian(point) {
  return point ? [point[0], point[1], 1n] : [0n, 1n, 0n];
}
