// A small reader of the protobuf wire format (protobuf.dev/programming-guides/encoding): varints,
// 64- and 32-bit fields and length-delimited fields, enough to read a Fabric block as core's
// FabricActProof reads it with Fabric's generated classes. A message is read into its fields by
// number; each length-delimited field keeps its exact bytes, since Fabric signs bytes, not messages.

/** A varint at bytes[at]: { value (a BigInt), end }; an Error when it runs past the end or past 64 bits. */
function varint(bytes, at) {
  let value = 0n;
  for (let shift = 0n, i = at; i < bytes.length && shift < 70n; i++, shift += 7n) {
    value |= BigInt(bytes[i] & 0x7f) << shift;
    if (!(bytes[i] & 0x80)) return { value: BigInt.asUintN(64, value), end: i + 1 };
  }
  throw new Error('a varint runs past the end of the message or past 10 bytes');
}

/**
 * The fields of a message (its bytes): a Map from field number to the list of its values in order,
 * each a BigInt (varint, fixed64, fixed32) or a Uint8Array (length-delimited: bytes, a string or an
 * embedded message). An Error, as protobuf's parser throws, for bytes that are not a message.
 */
export function fields(bytes) {
  const out = new Map();
  let at = 0;
  while (at < bytes.length) {
    const key = varint(bytes, at);
    at = key.end;
    const number = Number(key.value >> 3n);
    const wire = Number(key.value & 7n);
    if (number < 1 || number > 536870911) throw new Error(`a field number ${number} is out of range`);
    let value;
    if (wire === 0) {
      ({ value, end: at } = varint(bytes, at));
    } else if (wire === 1 || wire === 5) {
      const size = wire === 1 ? 8 : 4;
      if (at + size > bytes.length) throw new Error('a fixed-size field runs past the end of the message');
      value = bytes.slice(at, at + size).reduceRight((v, b) => (v << 8n) | BigInt(b), 0n);
      at += size;
    } else if (wire === 2) {
      const length = varint(bytes, at);
      at = length.end;
      if (length.value > BigInt(bytes.length - at)) throw new Error('a length-delimited field runs past the end of the message');
      value = bytes.slice(at, at + Number(length.value));
      at += Number(length.value);
    } else {
      throw new Error(`wire type ${wire} is not read here (groups are deprecated)`);
    }
    if (!out.has(number)) out.set(number, []);
    out.get(number).push(value);
  }
  return out;
}

/** The bytes of singular length-delimited field number of fields (the last one, as protobuf reads it), or empty bytes. */
export function bytesOf(message, number) {
  const values = message.get(number) || [];
  const last = values[values.length - 1];
  return last instanceof Uint8Array ? last : new Uint8Array(0);
}

/** Every value of repeated length-delimited field number of fields, in order. */
export function repeated(message, number) {
  return (message.get(number) || []).filter((v) => v instanceof Uint8Array);
}

/** The fields of embedded message field number (empty when absent). */
export function messageOf(message, number) {
  return fields(bytesOf(message, number));
}

/** Singular string field number, UTF-8, or ''. */
export function stringOf(message, number) {
  return new TextDecoder().decode(bytesOf(message, number));
}

/** Singular varint field number as a BigInt (0n when absent); signed says int32/int64 (two's complement). */
export function integerOf(message, number, signed = false) {
  const values = (message.get(number) || []).filter((v) => typeof v === 'bigint');
  const last = values.length ? values[values.length - 1] : 0n;
  return signed ? BigInt.asIntN(64, last) : last;
}
