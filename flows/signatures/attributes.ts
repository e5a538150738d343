/**
 * Signed attributes (RFC 5652 §5.3, §5.4, §11): what the signer actually signed. The signature
 * covers the DER of the attributes re-tagged as `SET OF` (0x31), and the `messageDigest`
 * attribute is what binds that signature to the document bytes.
 */
import { asn1, children, derOf, fromBinary, MalformedError, oid, primitive, time, toBinary, type Node } from "./asn1.ts";
import { hash, type DigestName } from "./algorithms.ts";
import type { Certificate } from "./certificate.ts";
import { verifyRsa } from "./rsa.ts";
import { fail, pass, type SignatureCheck } from "./types.ts";

const OID_CONTENT_TYPE = "1.2.840.113549.1.9.3";
const OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4";
const OID_SIGNING_TIME = "1.2.840.113549.1.9.5";

/** The signed attributes we act on, and the exact bytes the signature covers. */
export interface SignedAttributes {
  contentType?: string;
  /** forge binary string */
  messageDigest?: string;
  signingTime?: Date;
  /** DER of the attributes as `SET OF Attribute`: the input to the signature. */
  signedBytes: string;
}

/**
 * Read the `[0] IMPLICIT` signed attributes. `raw` is the element's DER as received (its first
 * byte, 0xA0, becomes 0x31 for the signature input). RFC 5652 requires contentType and
 * messageDigest to appear once with one value each; a repeated one is rejected, not guessed at.
 */
export function readSignedAttributes(node: Node, raw?: string): SignedAttributes {
  const attrs = node.value;
  if (!Array.isArray(attrs)) throw new MalformedError("signedAttrs: expected a constructed SET");
  const seen = new Set<string>();
  const out: SignedAttributes = {
    signedBytes: raw !== undefined ? `\x31${raw.slice(1)}` : derOf(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SET, true, attrs)),
  };
  for (const attr of attrs) {
    const [typeNode, valuesNode] = children(attr, asn1.Type.SEQUENCE, "Attribute");
    const type = oid(typeNode, "Attribute.type");
    const values = children(valuesNode, asn1.Type.SET, `Attribute ${type} values`);
    const single = type === OID_CONTENT_TYPE || type === OID_MESSAGE_DIGEST || type === OID_SIGNING_TIME;
    if (single && (seen.has(type) || values.length !== 1)) {
      throw new MalformedError(`signed attribute ${type} must appear once with one value`);
    }
    seen.add(type);
    if (type === OID_CONTENT_TYPE) out.contentType = oid(values[0], "contentType");
    else if (type === OID_MESSAGE_DIGEST) out.messageDigest = primitive(values[0], asn1.Type.OCTETSTRING, "messageDigest");
    else if (type === OID_SIGNING_TIME) out.signingTime = time(values[0], "signingTime");
  }
  return out;
}

/**
 * The `message_digest` check: the signer's `messageDigest` equals the hash of the bytes we
 * were asked about, and `contentType` names the encapsulated content type.
 */
export function checkMessageDigest(
  attrs: SignedAttributes,
  digest: DigestName,
  eContentType: string,
  content: Uint8Array | undefined,
): SignatureCheck {
  if (content === undefined) {
    return fail("message_digest", "data_missing", "the CMS is detached: supply the signed file to check it against");
  }
  if (attrs.messageDigest === undefined) return fail("message_digest", "attribute_missing", "no messageDigest signed attribute");
  if (attrs.contentType !== eContentType) {
    return fail("message_digest", "content_type_mismatch", `contentType attribute ${attrs.contentType ?? "missing"} ≠ ${eContentType}`);
  }
  if (toBinary(hash(digest, content)) !== attrs.messageDigest) {
    return fail(
      "message_digest",
      "digest_mismatch",
      `the ${digest} of the ${content.length} data bytes differs from the signed messageDigest: the file was changed or is another file`,
    );
  }
  return pass("message_digest", `${digest} of ${content.length} bytes matches`);
}

/** The `signature` check for RSA: the certificate's key signed the DER of the signed attributes. */
export function checkAttributesSignature(
  cert: Certificate,
  attrs: SignedAttributes,
  digest: DigestName,
  signature: string,
): SignatureCheck {
  const signedHash = toBinary(hash(digest, fromBinary(attrs.signedBytes)));
  let ok: boolean;
  try {
    ok = verifyRsa(cert.publicKeyBits, digest, signedHash, signature);
  } catch (e) {
    return fail("signature", "bad_public_key", (e as Error).message);
  }
  return ok
    ? pass("signature", `RSA ${digest}`)
    : fail("signature", "bad_signature", "the signature does not match the signed attributes and the signer's key");
}
