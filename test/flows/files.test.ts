/**
 * A parent's upload goes to school staff: photos are re-encoded (nothing but the pixels is kept),
 * PDFs must be real PDFs without active content, anything else is refused.
 */
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { acceptUpload, MAX_PHOTO_SIDE, sha256Hex } from "#root/flows/files.ts";
import {
  exeWithPdfHeader,
  hasExif,
  htmlWithScript,
  jpegWithGps,
  pdfAfterJunk,
  pdfWithEmbeddedFile,
  pdfWithJavaScriptOpenAction,
  plainPdf,
  pngImage,
  webpImage,
} from "#root/test/helpers/upload-fixtures.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("acceptUpload", () => {
  it("re-encodes a JPEG without its EXIF (the GPS position of the parent's home)", async () => {
    const photo = await jpegWithGps();
    expect(hasExif(photo)).toBe(true);
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    const r = await acceptUpload(photo);
    if (!r.ok) throw new Error(r.reason);
    expect(r.mime).toBe("image/jpeg");
    expect(hasExif(r.bytes)).toBe(false);
    expect(Buffer.from(r.bytes).includes("PhoneMaker")).toBe(false);
    const meta = await sharp(r.bytes).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 64, height: 48 });
    expect(meta.exif).toBeUndefined();
    expect(r.sha256).toBe(sha256Hex(r.bytes));
    expect(r.size).toBe(r.bytes.length);
  });

  it("turns a photo taken sideways upright instead of relying on EXIF orientation", async () => {
    const sideways = new Uint8Array(
      await sharp({ create: { width: 60, height: 20, channels: 3, background: "#fff" } })
        .jpeg()
        .withMetadata({ orientation: 6 })
        .toBuffer(),
    );
    const r = await acceptUpload(sideways);
    if (!r.ok) throw new Error(r.reason);
    const meta = await sharp(r.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation ?? 1]).toEqual([20, 60, 1]);
  });

  it("re-encodes PNG and WebP as JPEG, and caps the longer side", async () => {
    for (const image of [await pngImage(), await webpImage()]) {
      const r = await acceptUpload(image);
      expect(r.ok && r.mime).toBe("image/jpeg");
    }
    const big = new Uint8Array(
      await sharp({ create: { width: 5000, height: 1000, channels: 3, background: "#fff" } })
        .png()
        .toBuffer(),
    );
    const r = await acceptUpload(big);
    if (!r.ok) throw new Error(r.reason);
    expect(await sharp(r.bytes).metadata()).toMatchObject({ width: MAX_PHOTO_SIDE, height: 819 });
  });

  it("refuses a file that claims to be an image and does not decode", async () => {
    const photo = await jpegWithGps();
    expect(await acceptUpload(photo.subarray(0, 200))).toEqual({ ok: false, reason: "unreadable" });
    expect(await acceptUpload(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0xff, 0xd9]))).toEqual({ ok: false, reason: "unreadable" });
  });

  it("passes a plain PDF on unchanged", async () => {
    const pdf = await plainPdf();
    const r = await acceptUpload(pdf);
    if (!r.ok) throw new Error(r.reason);
    expect(r).toMatchObject({ mime: "application/pdf", sha256: sha256Hex(pdf), size: pdf.length });
    expect(r.bytes).toEqual(pdf);
  });

  it("refuses a PDF that starts after other bytes, and programs or pages that say %PDF- early on", async () => {
    expect(await acceptUpload(await pdfAfterJunk())).toEqual({ ok: false, reason: "unsupported_type" });
    expect(await acceptUpload(exeWithPdfHeader())).toEqual({ ok: false, reason: "unsupported_type" });
    expect(await acceptUpload(htmlWithScript())).toEqual({ ok: false, reason: "unsupported_type" });
  });

  it("refuses a PDF that runs JavaScript on opening, compressed in an object stream or not", async () => {
    expect(await acceptUpload(await pdfWithJavaScriptOpenAction(true))).toEqual({ ok: false, reason: "active_content" });
    expect(await acceptUpload(await pdfWithJavaScriptOpenAction(false))).toEqual({ ok: false, reason: "active_content" });
  });

  it("refuses a PDF with a file inside it", async () => {
    expect(await acceptUpload(await pdfWithEmbeddedFile())).toEqual({ ok: false, reason: "active_content" });
  });

  it("refuses a launch action whose name hides behind #xx escapes", async () => {
    const pdf = Buffer.from(await plainPdf(false)).toString("latin1");
    const withLaunch = pdf.replace("/Type /Catalog", "/Type /Catalog /OpenAction << /S /L#61unch /F (cmd.exe) >>");
    expect(withLaunch).not.toBe(pdf);
    expect(await acceptUpload(Buffer.from(withLaunch, "latin1"))).toEqual({ ok: false, reason: "active_content" });
  });

  it("refuses a damaged PDF: no %%EOF at the end, or nothing a reader can parse", async () => {
    const pdf = await plainPdf();
    expect(await acceptUpload(pdf.subarray(0, pdf.length - 200))).toEqual({ ok: false, reason: "unreadable" });
    expect(await acceptUpload(enc("%PDF-1.4\ngarbage, not objects\n%%EOF\n"))).toEqual({ ok: false, reason: "unreadable" });
  });

  it("refuses anything else", async () => {
    for (const b of [
      enc("PK\x03\x04zip"),
      enc("GIF89a\x01\x00\x01\x00"),
      enc('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      enc("просто текст"),
    ]) {
      expect(await acceptUpload(b)).toEqual({ ok: false, reason: "unsupported_type" });
    }
    expect(await acceptUpload(new Uint8Array())).toEqual({ ok: false, reason: "empty" });
  });
});
