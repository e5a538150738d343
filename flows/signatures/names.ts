/**
 * X.500 names (certificate subject and issuer) with their strings decoded. forge hands
 * UTF8String values back as raw UTF-8 bytes, which turns Cyrillic and Kazakh names
 * (ТЕСТОВ, ҰЛТТЫҚ) into mojibake unless decoded here.
 */
import forge from "node-forge";
import { asn1, children, MalformedError, oid, type Node } from "./asn1.ts";

/** One attribute of a name, e.g. `{ oid: "2.5.4.3", short: "CN", value: "ТЕСТОВ ТЕСТ" }`. */
export interface NameAttribute {
  oid: string;
  short: string;
  value: string;
}

/** Short names as Kazakhstan's NCA and OpenSSL print them. */
const SHORT_NAMES: Record<string, string> = {
  "2.5.4.3": "CN",
  "2.5.4.4": "SURNAME",
  "2.5.4.5": "SERIALNUMBER",
  "2.5.4.6": "C",
  "2.5.4.7": "L",
  "2.5.4.8": "S",
  "2.5.4.9": "STREET",
  "2.5.4.10": "O",
  "2.5.4.11": "OU",
  "2.5.4.12": "T",
  "2.5.4.42": "G",
  "1.2.840.113549.1.9.1": "E",
  "0.9.2342.19200300.100.1.25": "DC",
};

const UNIVERSAL_STRING = 28;

/** Decode a directory string by its ASN.1 type. */
function decodeString(node: Node): string {
  if (typeof node.value !== "string") throw new MalformedError("name attribute: expected a string value");
  const raw = node.value;
  switch (node.type as number) {
    case asn1.Type.UTF8:
      try {
        return forge.util.decodeUtf8(raw);
      } catch {
        return raw; // not UTF-8 after all: show the bytes rather than fail the whole check
      }
    case asn1.Type.BMPSTRING:
      return raw; // forge already decoded UTF-16BE into a JS string
    case UNIVERSAL_STRING: {
      let out = "";
      for (let i = 0; i + 3 < raw.length; i += 4) {
        const cp = ((raw.charCodeAt(i) << 24) | (raw.charCodeAt(i + 1) << 16) | (raw.charCodeAt(i + 2) << 8) | raw.charCodeAt(i + 3)) >>> 0;
        out += cp <= 0x10ffff ? String.fromCodePoint(cp) : "\ufffd";
      }
      return out;
    }
    default:
      return raw; // PrintableString, IA5String, TeletexString: ASCII in practice
  }
}

/** Read a Name (RDNSequence) into attributes, in certificate order. */
export function readName(node: Node | undefined, what: string): NameAttribute[] {
  const out: NameAttribute[] = [];
  for (const rdn of children(node, asn1.Type.SEQUENCE, what)) {
    for (const atv of children(rdn, asn1.Type.SET, `${what} RDN`)) {
      const [type, value] = children(atv, asn1.Type.SEQUENCE, `${what} attribute`);
      const id = oid(type, `${what} attribute type`);
      if (!value) throw new MalformedError(`${what} attribute: value missing`);
      out.push({ oid: id, short: SHORT_NAMES[id] ?? id, value: decodeString(value) });
    }
  }
  return out;
}

/** `CN=ТЕСТОВ ТЕСТ, SURNAME=ТЕСТОВ, SERIALNUMBER=IIN123456789011, …` */
export function formatName(attrs: readonly NameAttribute[]): string {
  return attrs.map((a) => `${a.short}=${a.value}`).join(", ");
}

/** The first value of an attribute by OID. */
export function nameField(attrs: readonly NameAttribute[], id: string): string | undefined {
  return attrs.find((a) => a.oid === id)?.value;
}

/**
 * Whether two names are the same for chaining: attribute types in order, values compared
 * case-insensitively with whitespace collapsed (RFC 5280 §7.1 in its common simplified form),
 * so a CA whose subject is PrintableString still matches an issuer written as UTF8String.
 */
export function sameName(a: readonly NameAttribute[], b: readonly NameAttribute[]): boolean {
  const canon = (x: readonly NameAttribute[]) =>
    x.map((n) => `${n.oid}=${n.value.trim().replace(/\s+/g, " ").toLowerCase()}`).join("\u0000");
  return a.length === b.length && canon(a) === canon(b);
}

export const OID_CN = "2.5.4.3";
export const OID_SURNAME = "2.5.4.4";
export const OID_SERIALNUMBER = "2.5.4.5";
export const OID_GIVENNAME = "2.5.4.42";
