/**
 * The trusted CA certificates: Kazakhstan's NCA root and intermediates (pki.gov.kz), or a
 * test CA. Every certificate in the store is a trust anchor.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join } from "node:path";
import { readCertificateDer, type Certificate } from "./certificate.ts";
import { toBinary } from "./asn1.ts";

/** A set of trusted CA certificates. */
export interface TrustStore {
  readonly certificates: readonly Certificate[];
  /** Where each certificate came from (file names), for details and logs. */
  readonly sources: readonly string[];
}

const CERT_EXTENSIONS = new Set([".pem", ".crt", ".cer", ".der"]);
const PEM_BLOCK = /-----BEGIN (?:X509 |TRUSTED )?CERTIFICATE-----([\s\S]*?)-----END (?:X509 |TRUSTED )?CERTIFICATE-----/g;

/** Certificates from PEM text (any number of blocks) or one DER certificate. */
function certificatesIn(content: Uint8Array | string, source: string): Certificate[] {
  const text = typeof content === "string" ? content : Buffer.from(content).toString("latin1");
  const blocks = [...text.matchAll(PEM_BLOCK)].map((m) => Buffer.from(m[1]!.replace(/\s+/g, ""), "base64").toString("latin1"));
  const ders = blocks.length > 0 ? blocks : typeof content === "string" ? [] : [toBinary(content)];
  if (ders.length === 0) throw new Error(`${source}: no certificate found; expected PEM (BEGIN CERTIFICATE) or DER`);
  return ders.map((der, i) => {
    try {
      return readCertificateDer(der, `${source}#${i + 1}`);
    } catch (e) {
      throw new Error(
        `${source}: not a readable X.509 certificate (${(e as Error).message}); remove it or replace it with the CA's .cer/.pem file`,
      );
    }
  });
}

/** A trust store from in-memory certificates (PEM text or DER bytes). */
export function trustStoreFrom(items: ReadonlyArray<Uint8Array | string>, sourceName = "memory"): TrustStore {
  const certificates: Certificate[] = [];
  const sources: string[] = [];
  items.forEach((item, i) => {
    for (const cert of certificatesIn(item, `${sourceName}[${i}]`)) {
      certificates.push(cert);
      sources.push(`${sourceName}[${i}]`);
    }
  });
  return { certificates, sources };
}

/**
 * Load trusted CA certificates from a file or a directory of `.pem`/`.crt`/`.cer`/`.der`
 * files (PEM may hold several certificates). `undefined` gives an empty store, with which
 * every chain check fails: that is the honest answer without trust anchors.
 * Throws when the path is unreadable or a file is not a certificate — a configuration error
 * that should stop start-up, not silently weaken verification.
 */
export function loadTrustStore(dirOrFile: string | undefined): TrustStore {
  if (dirOrFile === undefined) return { certificates: [], sources: [] };
  let files: string[];
  try {
    files = statSync(dirOrFile).isDirectory()
      ? readdirSync(dirOrFile)
          .filter((f) => !f.startsWith(".") && CERT_EXTENSIONS.has(extname(f).toLowerCase()))
          .sort()
          .map((f) => join(dirOrFile, f))
      : [dirOrFile];
  } catch (e) {
    throw new Error(
      `trust store ${dirOrFile}: cannot read (${(e as Error).message}); point it at a CA certificate file or a directory of them`,
    );
  }
  const certificates: Certificate[] = [];
  const sources: string[] = [];
  for (const file of files) {
    for (const cert of certificatesIn(new Uint8Array(readFileSync(file)), file)) {
      certificates.push(cert);
      sources.push(file);
    }
  }
  return { certificates, sources };
}
