// RFC 8785, the JSON Canonicalization Scheme: the one text of a JSON value that a signed request's
// signature covers (docs/signed-requests.md), the same as core's CanonicalJson writes in Java.

/**
 * The canonical text of a JSON value (null, a boolean, a finite number, a string, an array or a
 * plain object of these): object members sorted by the UTF-16 code units of their names at every
 * depth, no whitespace, strings and numbers written as ECMAScript's JSON.stringify writes them
 * (which for a finite number is Number.prototype.toString, and -0 is 0). Throws a TypeError for
 * anything else (undefined, NaN, Infinity, functions), which JSON has no form for.
 */
export function canonicalJson(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`JSON has no form for the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    // Array.prototype.sort without a comparator compares strings by UTF-16 code units, as RFC 8785 §3.2.3 asks.
    const names = Object.keys(value).sort();
    return `{${names.map((name) => `${JSON.stringify(name)}:${canonicalJson(value[name])}`).join(',')}}`;
  }
  throw new TypeError(`JSON has no form for a value of type ${typeof value}`);
}

/** The canonical UTF-8 bytes of a JSON value: what is hashed and signed. */
export function canonicalBytes(value) {
  return new TextEncoder().encode(canonicalJson(value));
}
