/**
 * RFC 3161 timestamp tokens for tests, made with pkijs as a TSA would make them, at any
 * `genTime` a test needs, and attached to a CMS the way NCALayer's `tsaProfile` does: as the
 * signer's unsigned attribute id-aa-signatureTimeStampToken.
 */
import { createHash, webcrypto } from "node:crypto";
import * as asn1js from "asn1js";
import forge from "node-forge";
import * as pkijs from "pkijs";
import { parseSignedData } from "#root/flows/signatures/cms.ts";
import type { TestIdentity } from "./eds-test-ca.ts";

const OID_TST_INFO = "1.2.840.113549.1.9.16.1.4";
const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";
const OID_SIGNATURE_TIMESTAMP = "1.2.840.113549.1.9.16.2.14";
const OID_SHA256 = "2.16.840.1.101.3.4.2.1";

export interface TokenOptions {
  tsa: TestIdentity;
  genTime?: Date;
  /** The bytes the imprint is computed over; default the CMS's own signature value. */
  imprintOver?: Uint8Array;
  /** Sign with this identity's key instead of the TSA's own (a forged token). */
  keyOf?: TestIdentity;
}

const sha256 = (b: Uint8Array) => new Uint8Array(createHash("sha256").update(b).digest());
const ab = (b: Uint8Array) => new Uint8Array(b);

/** The signer's signature value in a DER CMS: what a signature timestamp is over. */
export function signatureValueOf(cmsDer: Uint8Array): Uint8Array {
  const parsed = parseSignedData(Buffer.from(cmsDer).toString("latin1"));
  return new Uint8Array(Buffer.from(parsed.signers[0]!.signature, "latin1"));
}

async function importKey(id: TestIdentity): Promise<CryptoKey> {
  const pkcs8 = forge.asn1.toDer(forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(id.key))).getBytes();
  return webcrypto.subtle.importKey("pkcs8", ab(Buffer.from(pkcs8, "latin1")), { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, [
    "sign",
  ]) as Promise<CryptoKey>;
}

/** A TimeStampToken (ContentInfo with SignedData over a TSTInfo), DER. */
export async function timestampToken(over: Uint8Array, options: TokenOptions): Promise<Uint8Array> {
  const info = new pkijs.TSTInfo({
    version: 1,
    policy: "1.2.398.3.3.2.6.1",
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID_SHA256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: sha256(over) }),
    }),
    serialNumber: new asn1js.Integer({ value: Math.floor(Math.random() * 1e9) }),
    genTime: options.genTime ?? new Date(),
  });
  const tst = ab(new Uint8Array(info.toSchema().toBER()));
  const cert = pkijs.Certificate.fromBER(
    ab(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(options.tsa.cert)).getBytes(), "latin1")),
  );
  const attribute = (type: string, value: asn1js.BaseBlock) => new pkijs.Attribute({ type, values: [value] });
  const signed = new pkijs.SignedData({
    version: 3,
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID_TST_INFO,
      eContent: new asn1js.OctetString({ valueHex: tst }),
    }),
    signerInfos: [
      new pkijs.SignerInfo({
        version: 1,
        sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
        signedAttrs: new pkijs.SignedAndUnsignedAttributes({
          type: 0,
          attributes: [
            attribute("1.2.840.113549.1.9.3", new asn1js.ObjectIdentifier({ value: OID_TST_INFO })),
            attribute("1.2.840.113549.1.9.4", new asn1js.OctetString({ valueHex: sha256(tst) })),
          ],
        }),
      }),
    ],
    certificates: [cert],
  });
  await signed.sign(await importKey(options.keyOf ?? options.tsa), 0, "SHA-256");
  const contentInfo = new pkijs.ContentInfo({ contentType: OID_SIGNED_DATA, content: signed.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER());
}

/** DER length octets. */
function lengthOf(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

const tlv = (tag: number, content: Uint8Array) => new Uint8Array([tag, ...lengthOf(content.length), ...content]);

/** Header length and end of the element at `pos` (single-byte tags, definite lengths). */
function element(der: Uint8Array, pos: number): { start: number; end: number } {
  let p = pos + 1;
  let len = der[p++]!;
  if (len & 0x80) {
    const n = len & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[p++]!;
  }
  return { start: p, end: p + len };
}

/** Append `extra` inside the last element `depth` levels down, re-lengthing every level. */
function appendInLast(der: Uint8Array, depth: number, extra: Uint8Array): Uint8Array {
  const { start, end } = element(der, 0);
  const content = der.subarray(start, end);
  if (depth === 0) return tlv(der[0]!, new Uint8Array([...content, ...extra]));
  let last = 0;
  for (let p = 0; p < content.length; p = element(content, p).end) last = p;
  const inner = appendInLast(content.subarray(last), depth - 1, extra);
  return tlv(der[0]!, new Uint8Array([...content.subarray(0, last), ...inner]));
}

/**
 * The CMS (one signer, forge's DER) with `token` as its signer's unsigned attribute. The bytes
 * are spliced, not re-encoded, so every certificate stays exactly as signed.
 */
export function withTimestamp(cmsDer: Uint8Array, token: Uint8Array): Uint8Array {
  const oid = new Uint8Array(new asn1js.ObjectIdentifier({ value: OID_SIGNATURE_TIMESTAMP }).toBER());
  const unsigned = tlv(0xa1, tlv(0x30, new Uint8Array([...oid, ...tlv(0x31, token)])));
  // ContentInfo → [0] → SignedData → signerInfos → SignerInfo
  return appendInLast(cmsDer, 4, unsigned);
}

/** Sign-then-stamp in one call: the CMS with a token over its own signature value. */
export async function stamped(cmsDer: Uint8Array, options: TokenOptions): Promise<Uint8Array> {
  return withTimestamp(cmsDer, await timestampToken(options.imprintOver ?? signatureValueOf(cmsDer), options));
}
