/** Reading QR codes as a phone camera would: on page 1 of a PDF (rendered to pixels), or in an image. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jsQRModule from "jsqr";
import sharp from "sharp";

// jsqr is CommonJS whose types declare an ES default export.
const jsQR = jsQRModule as unknown as typeof jsQRModule.default;

/** The text of the QR code on page 1 of the PDF (rendered at 150 dpi by poppler), or undefined. */
export async function scanQr(pdf: Uint8Array): Promise<string | undefined> {
  const dir = mkdtempSync(join(tmpdir(), "qr-"));
  try {
    const file = join(dir, "doc.pdf");
    writeFileSync(file, pdf);
    const png = execFileSync("pdftoppm", ["-png", "-r", "150", "-f", "1", "-l", "1", file]);
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code in an image (a photo the bot sent: PNG or JPEG), as a phone camera reads it, or undefined. */
export async function readQrImage(image: Uint8Array): Promise<string | undefined> {
  const { data, info } = await sharp(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height)?.data;
}
