import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iinCheckDigit } from "#root/flows/iin.ts";
import { signCms, signCmsDer, testPki } from "#root/test/helpers/eds-test-ca.ts";
import { startOcspResponder } from "#root/test/helpers/ocsp-responder.ts";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const data = new TextEncoder().encode("%PDF-1.7 statement");
let dir: string;
let files: Record<"data" | "cmsB64" | "cmsDer" | "ca" | "otherData" | "lapsed" | "revoked", string>;

/** Run the CLI as staff would: `npx tsx scripts/eds-verify.ts …`. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "scripts/eds-verify.ts", ...args], { cwd: repo });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(() => {
  const pki = testPki();
  dir = mkdtempSync(join(tmpdir(), "eds-cli-"));
  files = {
    data: join(dir, "statement.pdf"),
    otherData: join(dir, "other.pdf"),
    cmsB64: join(dir, "statement.cms.b64"),
    cmsDer: join(dir, "statement.cms"),
    ca: join(dir, "ca.pem"),
    lapsed: join(dir, "lapsed.cms"),
    revoked: join(dir, "revoked.cms"),
  };
  writeFileSync(files.data, data);
  writeFileSync(files.otherData, "something else");
  writeFileSync(files.cmsB64, signCms(data));
  writeFileSync(files.cmsDer, signCmsDer(data));
  writeFileSync(files.ca, pki.ca.certPem);
  // an old statement: signed 60 days ago with a key that expired 30 days ago
  writeFileSync(files.lapsed, signCmsDer(data, { signer: pki.lapsed, signingTime: new Date(Date.now() - 60 * 24 * 3600_000) }));
  writeFileSync(files.revoked, signCmsDer(data, { signer: pki.revoked }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run eds:verify", () => {
  it("exits 0 and prints the result for a valid signature (base64 or DER file)", async () => {
    const pki = testPki();
    for (const cms of [files.cmsB64, files.cmsDer]) {
      const { code, stdout } = await run(["--cms", cms, "--data", files.data, "--trust", files.ca, "--iin", pki.iin]);
      expect(code).toBe(0);
      const result = JSON.parse(stdout);
      expect(result.valid).toBe(true);
      expect(result.signer.iin).toBe(pki.iin);
    }
  });

  it("exits 1 when the signature does not verify, still printing why", async () => {
    const { code, stdout } = await run(["--cms", files.cmsB64, "--data", files.otherData, "--trust", files.ca]);
    expect(code).toBe(1);
    const result = JSON.parse(stdout);
    expect(result.checks.find((c: { name: string }) => c.name === "message_digest").ok).toBe(false);
  });

  it("judges an old file now (expired: exit 1) and reports separately that it was valid when it says it was signed", async () => {
    const now = await run(["--cms", files.lapsed, "--data", files.data, "--trust", files.ca]);
    expect(now.code).toBe(1);
    const result = JSON.parse(now.stdout);
    expect(result.checks.find((c: { name: string }) => c.name === "certificate_validity")).toMatchObject({ ok: false, reason: "expired" });
    expect(result.atSigningTime).toMatchObject({ source: "claimed by the signer", valid: true, failed: [] });

    const then = await run(["--cms", files.lapsed, "--data", files.data, "--trust", files.ca, "--at", "signing-time"]);
    expect(then.code).toBe(0);
  });

  it("says revocation was not asked offline, and asks the responder given with --ocsp", async () => {
    const offline = JSON.parse((await run(["--cms", files.revoked, "--data", files.data, "--trust", files.ca])).stdout);
    expect(offline.checks.find((c: { name: string }) => c.name === "revocation")).toMatchObject({ ok: true, reason: "not_checked" });
    const responder = await startOcspResponder();
    try {
      const asked = await run(["--cms", files.revoked, "--data", files.data, "--trust", files.ca, "--ocsp", responder.url]);
      expect(asked.code).toBe(1);
      expect(JSON.parse(asked.stdout).checks.find((c: { name: string }) => c.name === "revocation")).toMatchObject({
        ok: false,
        reason: "revoked",
      });
    } finally {
      await responder.close();
    }
  });

  it("exits 2 with a one-line message on a usage error or an unreadable file", async () => {
    const cases = [
      [],
      ["--cms", join(dir, "missing.cms")],
      ["--cms", files.cmsB64, "--iin", "12"],
      ["--cms", files.cmsB64, "--bogus"],
      ["--cms", files.cmsB64, "--at", "yesterday"],
    ];
    for (const { code, stdout, stderr } of await Promise.all(cases.map(run))) {
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.split("\n").filter((l) => l.startsWith("eds-verify:"))).toHaveLength(1);
    }
  });

  it("says how an --iin that is not 12 digits is wrong without repeating what was typed (part of a person's IIN)", async () => {
    const eleven = "88041240417";
    const { code, stderr } = await run(["--cms", files.cmsB64, "--iin", eleven]);
    expect(code).toBe(2);
    expect(stderr).toBe("eds-verify: --iin must be 12 digits, got 11 digits\n");
    expect(stderr).not.toContain(eleven.slice(0, 6));
  });

  it("refuses an --iin with a mistyped check digit as a usage error, not a verdict about the signature", async () => {
    const iin = testPki().iin;
    const mistyped = iin.slice(0, 11) + ((Number(iin[11]) + 1) % 10);
    const { code, stdout, stderr } = await run(["--cms", files.cmsB64, "--data", files.data, "--trust", files.ca, "--iin", mistyped]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toMatch(
      /^eds-verify: --iin is not an IIN: its last digit is not the check digit of the first 11 \(a digit mistyped\?\)\n$/,
    );
    expect(stderr).not.toContain(mistyped);
  });

  it("refuses as a usage error an --iin with a right check digit but a birth date that cannot be (month 13, day 32, 30 Feb)", async () => {
    /** The first 7 digits (YYMMDD + century digit) with a serial and the check digit that makes them pass the checksum. */
    const withCheckDigit = (first7: string) => {
      for (let serial = 1; ; serial++) {
        const first11 = first7 + String(serial).padStart(4, "0");
        const check = iinCheckDigit(first11);
        if (check !== null) return first11 + check;
      }
    };
    for (const first7 of ["1513015", "1501325", "1602305", "1504315", "8804120"]) {
      const iin = withCheckDigit(first7);
      const { code, stdout, stderr } = await run(["--cms", files.cmsB64, "--data", files.data, "--trust", files.ca, "--iin", iin]);
      expect({ code, stdout }, first7).toEqual({ code: 2, stdout: "" });
      expect(stderr, first7).toMatch(/^eds-verify: --iin is not an IIN: its first 7 digits are not a birth date \(YYMMDD.*\)\n$/);
      expect(stderr).not.toContain(iin);
    }
  });
});
