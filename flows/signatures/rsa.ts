/**
 * RSA PKCS#1 v1.5 signature verification with node-forge. We compare the whole decrypted
 * DigestInfo with the one we expect, so the digest algorithm inside the signature must be
 * the one the signer declared — not merely any algorithm forge knows.
 */
import forge from "node-forge";
import { asn1, derOf, MalformedError, parseDer } from "./asn1.ts";
import { DIGEST_OIDS, type DigestName } from "./algorithms.ts";

type PublicKey = forge.pki.rsa.PublicKey;

/** Parsed keys by their RSAPublicKey bytes: CA keys are met again on every verification. */
const keyCache = new Map<string, PublicKey>();
const KEY_CACHE_LIMIT = 256;

/** Load an RSA public key from the SubjectPublicKeyInfo's BIT STRING content. */
export function rsaPublicKey(publicKeyBits: string): PublicKey {
  const cached = keyCache.get(publicKeyBits);
  if (cached) return cached;
  let key: PublicKey;
  try {
    key = forge.pki.publicKeyFromAsn1(parseDer(publicKeyBits, "RSAPublicKey")) as PublicKey;
  } catch (e) {
    throw new MalformedError(`RSA public key: ${(e as Error).message}`);
  }
  if (keyCache.size >= KEY_CACHE_LIMIT) keyCache.clear();
  keyCache.set(publicKeyBits, key);
  return key;
}

/** The DER DigestInfo for a digest, with or without the NULL parameters (both are seen). */
function digestInfo(name: DigestName, digest: string, withNull: boolean): string {
  const A = asn1;
  const alg = [A.create(A.Class.UNIVERSAL, A.Type.OID, false, A.oidToDer(DIGEST_OIDS[name]).getBytes())];
  if (withNull) alg.push(A.create(A.Class.UNIVERSAL, A.Type.NULL, false, ""));
  return derOf(
    A.create(A.Class.UNIVERSAL, A.Type.SEQUENCE, true, [
      A.create(A.Class.UNIVERSAL, A.Type.SEQUENCE, true, alg),
      A.create(A.Class.UNIVERSAL, A.Type.OCTETSTRING, false, digest),
    ]),
  );
}

/** forge's raw RSA operation (typed loosely in @types/node-forge). */
const rawRsa = (
  forge.pki.rsa as unknown as {
    decrypt(data: string, key: PublicKey, pub: boolean, removePadding: false): string;
  }
).decrypt;

/** Strip EMSA-PKCS1-v1_5 padding (`00 01 FF…FF 00`), or undefined when it is not there. */
function unpad(block: string): string | undefined {
  if (block.charCodeAt(0) !== 0 || block.charCodeAt(1) !== 1) return undefined;
  let i = 2;
  while (i < block.length && block.charCodeAt(i) === 0xff) i++;
  if (i - 2 < 8 || block.charCodeAt(i) !== 0) return undefined; // RFC 8017: at least 8 bytes of FF
  return block.slice(i + 1);
}

/**
 * Whether `signature` is the key holder's RSA PKCS#1 v1.5 signature of `digest`
 * (a forge binary string computed with `digestName`). Malformed signatures are `false`.
 */
export function verifyRsa(publicKeyBits: string, digestName: DigestName, digest: string, signature: string): boolean {
  const key = rsaPublicKey(publicKeyBits);
  let payload: string | undefined;
  try {
    payload = unpad(rawRsa(signature, key, true, false));
  } catch {
    return false; // wrong length or out of range: not a signature by this key
  }
  // the DigestInfo must match exactly, algorithm included; some signers omit the NULL parameters
  return payload === digestInfo(digestName, digest, true) || payload === digestInfo(digestName, digest, false);
}
