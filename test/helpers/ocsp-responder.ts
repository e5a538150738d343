/**
 * A real OCSP responder for the test CA: `openssl ocsp` serving an index in which the test
 * person's signing and authentication keys are good, `revoked` is revoked and `unrecorded`
 * is missing (answered "unknown"). Also a port nothing listens on and a responder that
 * accepts connections and never answers, for the "cannot check now" cases.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { freePort } from "./process.ts";
import { testPki, type TestIdentity } from "./eds-test-ca.ts";

export interface LocalResponder {
  /** `http://127.0.0.1:PORT/` */
  url: string;
  /** What the responder printed (for a failing test's message). */
  output?: () => string;
  close(): Promise<void>;
}

/** openssl's index dates: YYMMDDHHMMSSZ. */
const indexDate = (d: Date) => d.toISOString().replace(/[-:T]/g, "").slice(2, 14) + "Z";

/** The serial as OpenSSL prints it: minimal, upper-case hex, whole bytes. */
function indexSerial(cert: forge.pki.Certificate): string {
  const hex = BigInt(`0x${cert.serialNumber}`).toString(16).toUpperCase();
  return hex.length % 2 ? `0${hex}` : hex;
}

function indexLine(id: TestIdentity, revokedAt?: Date): string {
  const dn = `/CN=${id.cert.serialNumber}`; // openssl ocsp looks entries up by serial only
  return [
    revokedAt ? "R" : "V",
    indexDate(id.cert.validity.notAfter),
    revokedAt ? indexDate(revokedAt) : "",
    indexSerial(id.cert),
    "unknown",
    dn,
  ].join("\t");
}

/**
 * Wait for openssl to say it listens. Probing the port instead would cost the responder: it
 * serves one connection at a time and stalls on a probe that sends no request.
 */
async function listening(child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (output().includes("waiting for OCSP client connections")) return;
    if (child.exitCode !== null) throw new Error(`openssl ocsp exited ${child.exitCode}: ${output()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`openssl ocsp did not start: ${output()}`);
}

/**
 * Start `openssl ocsp` on a free loopback port. `signer` signs the answers: the CA's delegated
 * responder (default), the CA itself, or a responder of the untrusted CA. `alsoGood` are more
 * certificates of the trusted CA that it answers "good" for (school staff's keys).
 */
export async function startOcspResponder(
  signer: "responder" | "ca" | "rogue" = "responder",
  alsoGood: readonly TestIdentity[] = [],
): Promise<LocalResponder> {
  const pki = testPki();
  const dir = mkdtempSync(join(tmpdir(), "ocsp-"));
  const rsigner = signer === "ca" ? pki.ca : signer === "rogue" ? pki.rogueResponder : pki.responder;
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const index = file(
    "index.txt",
    [
      indexLine(pki.individual),
      indexLine(pki.auth),
      indexLine(pki.revoked, new Date(Date.now() - 24 * 3600 * 1000)),
      ...alsoGood.map((id) => indexLine(id)),
    ].join("\n") + "\n",
  );
  file("index.txt.attr", "unique_subject = no\n");
  const ca = file("ca.pem", pki.ca.certPem);
  const cert = file("rsigner.pem", rsigner.certPem);
  const key = file("rsigner.key", forge.pki.privateKeyToPem(rsigner.key));
  const port = await freePort();
  const child = spawn(
    "openssl",
    ["ocsp", "-index", index, "-CA", ca, "-rsigner", cert, "-rkey", key, "-port", String(port), "-ignore_err", "-nmin", "10"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  try {
    await listening(child, () => out);
  } catch (e) {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}/`,
    output: () => out,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback address where nothing listens: the connection is refused. */
export async function deadResponderUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/`;
}

/** A responder that accepts the connection and the request and never answers. */
export async function startHangingResponder(): Promise<LocalResponder> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    s.on("data", () => {}); // read and ignore
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
