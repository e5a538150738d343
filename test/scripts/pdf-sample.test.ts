/** `npm run pdf:sample` renders a demo document, and answers a usage mistake with one line and exit code 2. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

function sample(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/pdf-sample.ts", ...args], { encoding: "utf8" });
}

describe("pdf:sample script", () => {
  it("writes a PDF of the requested kind and language", () => {
    const out = join(mkdtempSync(join(tmpdir(), "sample-")), "order.pdf");
    const run = sample("--kind", "order", "--lang", "kk", "--out", out);
    expect(run.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("answers an --out it cannot write with one line and exit 2, not a stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "sample-"));
    const missing = sample("--kind", "order", "--lang", "ru", "--out", join(dir, "no-such-folder", "order.pdf"));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`Cannot write ${join(dir, "no-such-folder", "order.pdf")} (ENOENT): its folder does not exist.`);
    const folder = sample("--kind", "order", "--lang", "ru", "--out", dir);
    expect(folder.status).toBe(2);
    expect(folder.stderr.trim()).toBe(`Cannot write ${dir} (EISDIR): it is a folder: give a file name.`);
  });

  it.each([
    [["--kind", "invoice", "--lang", "kk", "--out", "x.pdf"], /--kind must be one of statement, certificate, receipt, order/],
    [["--kind", "receipt", "--lang", "en", "--out", "x.pdf"], /--lang must be kk or ru/],
    [["--kind", "receipt", "--lang", "ru"], /--out FILE is required/],
    [["--kind", "receipt", "--colour", "red"], /Unknown option '--colour'/],
  ])("usage error %j prints one line and exits 2", (args, message) => {
    const run = sample(...args);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
