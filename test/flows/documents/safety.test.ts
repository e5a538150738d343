/**
 * Documents print text that parents typed. Whatever it looks like — a URL, a file path, an
 * image reference, HTML — it is printed as characters: pdfmake fetches nothing and reads no file.
 */
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { demo, onDeniedAccess, renderReceipt, renderStatement, type DeniedAccess } from "#root/flows/documents/index.ts";
import { pdfEngine } from "#root/flows/documents/engine.ts";

let server: Server;
let requests = 0;
let url = "";

beforeAll(async () => {
  server = createServer((_req, res) => {
    requests++;
    res.end("not an image");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.png`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function text(bytes: Uint8Array): string {
  const pdf = join(mkdtempSync(join(tmpdir(), "doc-")), "d.pdf");
  writeFileSync(pdf, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", "-layout", pdf, "-"], { encoding: "utf8" });
}

describe("user text is printed, never followed", () => {
  it("URLs, paths and image references in names and answers render as plain text and nothing is fetched", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const denied: DeniedAccess[] = [];
    const stop = onDeniedAccess((d) => denied.push(d));
    try {
      const data = demo.statement("ru");
      data.parent.fullName = url;
      data.child.fullName = "/etc/passwd";
      data.answers.push({ label: "image", value: "file:///etc/shadow" }, { label: "data", value: "data:image/png;base64,iVBORw0KGgo=" });
      data.attachments.push({ label: "https://127.0.0.1:1/x.png", pages: 1 });
      const out = text(await renderStatement(data));
      for (const s of [url, "/etc/passwd", "file:///etc/shadow", "data:image/png;base64,iVBORw0KGgo=", "https://127.0.0.1:1/x.png"]) {
        expect(out).toContain(s);
      }
      expect(requests).toBe(0);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(denied).toEqual([]); // nothing was even attempted
    } finally {
      stop();
      fetchSpy.mockRestore();
    }
  });

  it("HTML and markup in names render literally", async () => {
    const data = demo.receipt("kk");
    data.parent.fullName = "<b>Әлімова</b> <script>alert(1)</script> &amp; {{name}}";
    data.documents[0]!.label = "<img src=x onerror=alert(1)>";
    const out = text(await renderReceipt(data));
    expect(out).toContain("<b>Әлімова</b> <script>alert(1)</script> &amp; {{name}}");
    expect(out).toContain("<img src=x onerror=alert(1)>");
  });

  it("the engine itself refuses to download a URL image", async () => {
    const denied: DeniedAccess[] = [];
    const stop = onDeniedAccess((d) => denied.push(d));
    try {
      const doc = pdfEngine().createPdf({ images: { x: url }, content: [{ image: "x" }] });
      await expect(doc.getBuffer()).rejects.toThrow(/denied by resource access policy/);
      expect(requests).toBe(0);
      expect(denied).toEqual([{ kind: "url", target: url }]);
    } finally {
      stop();
    }
  });

  it("the engine itself refuses to read a local file as an image", async () => {
    const doc = pdfEngine().createPdf({ content: [{ image: "/etc/passwd" }] });
    await expect(doc.getBuffer()).rejects.toThrow(/denied by resource access policy/);
  });
});
