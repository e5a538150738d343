/**
 * Small, strict helpers over node-forge's ASN.1 tree. Every structural surprise throws a
 * {@link MalformedError} naming what was expected, so parsers can be written as straight
 * lines and the verifier turns the one error type into a failed `parse` check.
 */
import forge from "node-forge";

export const asn1 = forge.asn1;
export type Node = forge.asn1.Asn1;

/** A structure was not what the standard says it must be. */
export class MalformedError extends Error {
  override name = "MalformedError";
}

/** Uint8Array → forge's "binary string" (one char per byte). */
export function toBinary(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1");
}

/** forge's "binary string" → Uint8Array. */
export function fromBinary(binary: string): Uint8Array {
  return new Uint8Array(Buffer.from(binary, "latin1"));
}

/**
 * Parse DER (BER lengths tolerated) into a forge tree. BIT STRINGs are left undecoded so
 * that re-encoding gives the original bytes back; trailing bytes are an error.
 */
export function parseDer(binary: string, what: string): Node {
  try {
    return (asn1.fromDer as unknown as (b: string, o: object) => Node)(binary, {
      strict: true,
      parseAllBytes: true,
      decodeBitStrings: false,
    });
  } catch (e) {
    throw new MalformedError(`${what}: not valid DER (${(e as Error).message})`);
  }
}

/** DER bytes of a node, as a forge binary string. */
export function derOf(node: Node): string {
  return asn1.toDer(node).getBytes();
}

const UNIVERSAL = asn1.Class.UNIVERSAL;
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC;

/** True when the node is the universal type given. */
export function isType(node: Node | undefined, type: number): node is Node {
  return node !== undefined && node.tagClass === UNIVERSAL && node.type === type;
}

/** True when the node is the context-specific tag `[tag]`. */
export function isContext(node: Node | undefined, tag: number): node is Node {
  return node !== undefined && node.tagClass === CONTEXT && node.type === tag;
}

/** The children of a constructed universal node of the given type. */
export function children(node: Node | undefined, type: number, what: string): Node[] {
  if (!isType(node, type) || !Array.isArray(node.value)) {
    throw new MalformedError(`${what}: expected ${typeName(type)}`);
  }
  return node.value;
}

/** The children of a constructed `[tag]` node. */
export function contextChildren(node: Node | undefined, tag: number, what: string): Node[] {
  if (!isContext(node, tag) || !Array.isArray(node.value)) {
    throw new MalformedError(`${what}: expected [${tag}]`);
  }
  return node.value;
}

/** The raw content bytes of a primitive universal node. */
export function primitive(node: Node | undefined, type: number, what: string): string {
  if (!isType(node, type) || typeof node.value !== "string") {
    throw new MalformedError(`${what}: expected ${typeName(type)}`);
  }
  return node.value;
}

/** A dotted OID. */
export function oid(node: Node | undefined, what: string): string {
  return asn1.derToOid(primitive(node, asn1.Type.OID, what));
}

/** The algorithm OID of an AlgorithmIdentifier SEQUENCE. */
export function algorithmOid(node: Node | undefined, what: string): string {
  return oid(children(node, asn1.Type.SEQUENCE, what)[0], `${what}.algorithm`);
}

/**
 * The bytes of an OCTET STRING, primitive or constructed (BER chunks, which NCALayer and
 * Java signers may produce for large attached content).
 */
export function octets(node: Node | undefined, what: string): string {
  if (!isType(node, asn1.Type.OCTETSTRING)) throw new MalformedError(`${what}: expected OCTET STRING`);
  if (typeof node.value === "string") return node.value;
  return node.value.map((chunk) => octets(chunk, what)).join("");
}

/** The content of a BIT STRING without its unused-bits byte, plus that count. */
export function bitString(node: Node | undefined, what: string): { bytes: string; unusedBits: number } {
  const raw = primitive(node, asn1.Type.BITSTRING, what);
  if (raw.length === 0) throw new MalformedError(`${what}: empty BIT STRING`);
  return { bytes: raw.slice(1), unusedBits: raw.charCodeAt(0) };
}

/** A UTCTime or GeneralizedTime as a Date. */
export function time(node: Node | undefined, what: string): Date {
  let date: Date | undefined;
  if (isType(node, asn1.Type.UTCTIME) && typeof node.value === "string") date = asn1.utcTimeToDate(node.value);
  else if (isType(node, asn1.Type.GENERALIZEDTIME) && typeof node.value === "string") {
    date = asn1.generalizedTimeToDate(node.value);
  }
  if (!date || Number.isNaN(date.getTime())) throw new MalformedError(`${what}: expected a time`);
  return date;
}

const TYPE_NAMES: Record<number, string> = {
  2: "INTEGER",
  3: "BIT STRING",
  4: "OCTET STRING",
  6: "OBJECT IDENTIFIER",
  16: "SEQUENCE",
  17: "SET",
};

function typeName(type: number): string {
  return TYPE_NAMES[type] ?? `universal type ${type}`;
}

/**
 * The raw TLVs inside a constructed DER element, exactly as received. Signatures cover the
 * signer's bytes, and re-encoding a forge tree can change them (forge trims a non-minimal
 * INTEGER on output), so the TBSCertificate and the signed attributes are taken from here.
 * Throws {@link MalformedError} for indefinite lengths; callers then fall back to re-encoding.
 */
export function rawChildren(tlv: string): string[] {
  const outer = tlvAt(tlv, 0);
  const out: string[] = [];
  for (let p = outer.contentStart; p < outer.end; ) {
    const inner = tlvAt(tlv, p);
    if (inner.end > outer.end) throw new MalformedError("DER: element overruns its parent");
    out.push(tlv.slice(p, inner.end));
    p = inner.end;
  }
  return out;
}

function tlvAt(bin: string, pos: number): { contentStart: number; end: number } {
  let p = pos;
  const byte = () => {
    if (p >= bin.length) throw new MalformedError("DER: truncated");
    return bin.charCodeAt(p++);
  };
  if ((byte() & 0x1f) === 0x1f) while (byte() & 0x80); // high-tag-number form
  let length = byte();
  if (length === 0x80) throw new MalformedError("DER: indefinite length");
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n > 4) throw new MalformedError("DER: length too large");
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + byte();
  }
  const end = p + length;
  if (end > bin.length) throw new MalformedError("DER: truncated");
  return { contentStart: p, end };
}

/** One DER element: `tag` and `content` (a forge binary string), with its definite length. */
export function derElement(tag: number, content: string): string {
  const n = content.length;
  let length = String.fromCharCode(n);
  if (n >= 0x80) {
    let bytes = "";
    for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes = String.fromCharCode(rest % 256) + bytes;
    length = String.fromCharCode(0x80 | bytes.length) + bytes;
  }
  return String.fromCharCode(tag) + length + content;
}

/** `raw()` when the exact bytes can be had, else the re-encoding (BER input). */
export function rawOr(raw: () => string, reencode: () => string): string {
  try {
    return raw();
  } catch (e) {
    if (e instanceof MalformedError) return reencode();
    throw e;
  }
}
