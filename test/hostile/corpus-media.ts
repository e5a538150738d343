/**
 * The non-text part of the hostile corpus: stickers, voice, locations, someone else's contact,
 * forwarded answers, edited messages, photos where text is expected, forged buttons, and files that lie about
 * what they are, are empty, or are over the Bot API's 20 MB download limit.
 */
import { JPEG, PDF } from "#root/test/helpers/system.ts";
import type { Field, FilePayload, HostileInput, ValidAnswers } from "./corpus.ts";

const MB = 1024 * 1024;
const enc = (s: string) => new TextEncoder().encode(s);
/** `size` bytes starting with `head` (zeros after it). */
function sized(size: number, head: Uint8Array = new Uint8Array()): () => Uint8Array {
  return () => {
    const b = new Uint8Array(size);
    b.set(head.subarray(0, size));
    return b;
  };
}
const bytes = (b: Uint8Array) => () => b;

const OGG = Uint8Array.from([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
const GIF = Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0, 0, 0, 0x3b]);
const WEBP = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 0x1a, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20]);
const EXE = enc("MZ\x90\x00\x03\x00\x00\x00This program cannot be run in DOS mode.");
const ZIP = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0x6d, 0x69, 0x6d, 0x65]);
const ELF = Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
const RAR = enc("Rar!\x1a\x07\x01\x00 not a scan");
const SVG = enc('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const HTML = enc("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
const PNG_MAGIC_ONLY = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
const LATE_PDF = (() => {
  const b = new Uint8Array(1100 + PDF.length).fill(0x41);
  b.set(PDF, 1100);
  return b;
})();

/** Every file that must be refused at a document question, with what the refusal says. */
function hostileFiles(): Array<{ file: FilePayload; note: string; says: RegExp }> {
  const type = /JPEG, PNG/;
  const empty = /пустой|бос/;
  const size = /20 МБ/;
  const damaged = /повреждён|бүлінген/;
  return [
    { file: { bytes: sized(0), fileName: "empty.pdf", mimeType: "application/pdf" }, note: "a zero-byte PDF", says: empty },
    { file: { bytes: sized(0), fileName: "empty.jpg", mimeType: "image/jpeg" }, note: "a zero-byte JPEG", says: empty },
    { file: { bytes: sized(21 * MB, PDF), fileName: "big.pdf", mimeType: "application/pdf" }, note: "a 21 MB PDF", says: size },
    { file: { bytes: sized(20 * MB + 1, PDF), fileName: "edge.pdf", mimeType: "application/pdf" }, note: "20 MB and one byte", says: size },
    {
      file: { bytes: sized(49 * MB, JPEG), fileName: "huge.jpg", mimeType: "image/jpeg" },
      note: "a 49 MB file (the user upload limit is 50)",
      says: size,
    },
    {
      file: { bytes: sized(20 * MB, EXE), fileName: "exactly20.pdf", mimeType: "application/pdf" },
      note: "exactly 20 MB of an .exe named .pdf (downloaded, then refused by content)",
      says: type,
    },
    { file: { bytes: bytes(EXE), fileName: "scan.pdf", mimeType: "application/pdf" }, note: "an .exe named .pdf", says: type },
    { file: { bytes: bytes(EXE), fileName: "photo.jpg", mimeType: "image/jpeg" }, note: "an .exe named .jpg", says: type },
    { file: { bytes: bytes(ZIP), fileName: "scan.jpg", mimeType: "image/jpeg" }, note: "a zip named .jpg", says: type },
    { file: { bytes: bytes(ZIP), fileName: "scan.pdf", mimeType: "application/pdf" }, note: "a zip named .pdf", says: type },
    {
      file: { bytes: bytes(enc("просто текст, не документ")), fileName: "scan.pdf", mimeType: "application/pdf" },
      note: "text named .pdf",
      says: type,
    },
    {
      file: { bytes: bytes(HTML), fileName: "scan.pdf", mimeType: "text/html" },
      note: "an HTML page with a script named .pdf",
      says: type,
    },
    { file: { bytes: bytes(GIF), fileName: "scan.jpg", mimeType: "image/jpeg" }, note: "a GIF named .jpg", says: type },
    {
      file: { bytes: bytes(WEBP), fileName: "scan.png", mimeType: "image/png" },
      note: "a truncated WebP named .png (WebP is accepted, so it is read, and fails to decode)",
      says: damaged,
    },
    { file: { bytes: bytes(SVG), fileName: "scan.png", mimeType: "image/svg+xml" }, note: "an SVG with a script named .png", says: type },
    { file: { bytes: bytes(PNG_MAGIC_ONLY), fileName: "scan.png", mimeType: "image/png" }, note: "a truncated PNG signature", says: type },
    {
      file: { bytes: bytes(LATE_PDF), fileName: "scan.pdf", mimeType: "application/pdf" },
      note: "%PDF- after 1100 bytes of junk",
      says: type,
    },
    {
      file: { bytes: bytes(enc("%PDF1.4 no dash")), fileName: "scan.pdf", mimeType: "application/pdf" },
      note: "%PDF without the dash",
      says: type,
    },
    { file: { bytes: bytes(ELF), fileName: "scan.pdf", mimeType: "application/pdf" }, note: "an ELF binary named .pdf", says: type },
    { file: { bytes: bytes(RAR), fileName: "scan.pdf", mimeType: "application/pdf" }, note: "a RAR named .pdf", says: type },
    { file: { bytes: bytes(EXE), fileName: "<b>скан</b>.pdf", mimeType: "application/pdf" }, note: "HTML in the file name", says: type },
    {
      file: { bytes: bytes(EXE), fileName: "../../../etc/passwd", mimeType: "application/octet-stream" },
      note: "a path traversal file name",
      says: type,
    },
    {
      file: { bytes: bytes(EXE), fileName: "scan\u202efdp.exe", mimeType: "application/pdf" },
      note: "an RTL override hiding .exe",
      says: type,
    },
  ];
}

/** Valid-looking text for a field: what a forward or a caption carries (and must still be refused). */
function validText(field: Field, valid: ValidAnswers): string {
  switch (field) {
    case "phone":
      return "+77015550001";
    case "email":
      return "name@mail.kz";
    case "parent-name":
    case "child-name":
      return "Петров Алихан Маратович";
    case "parent-iin":
      return valid.parentIin;
    case "child-iin":
      return valid.childIin;
    case "grade":
      return "5";
    case "school-search":
      return "Школа №1";
    case "category":
      return "asp";
    case "conclusion-number":
      return "№ 125/К";
    case "conclusion-date":
      return valid.lastMonth;
    case "document":
      return "скан документа";
  }
}

const OTHER_USER = { phone_number: "+77019998877", first_name: "Чужой", user_id: 999_000_001 };

/** Stickers, voice, locations, contacts, forwards, photos, documents, forged buttons and edits for every field. */
export function mediaEntries(valid: ValidAnswers): HostileInput[] {
  const out: HostileInput[] = [];
  const fields: Field[] = [
    "phone",
    "email",
    "parent-name",
    "parent-iin",
    "child-name",
    "child-iin",
    "grade",
    "school-search",
    "category",
    "conclusion-number",
    "conclusion-date",
    "document",
  ];
  for (const field of fields) {
    const answer = validText(field, valid);
    out.push(
      { field, kind: "sticker", emoji: "👍", note: "a sticker" },
      { field, kind: "voice", bytes: OGG, seconds: 3, note: "a voice message" },
      { field, kind: "location", latitude: 43.238949, longitude: 76.889709, note: "a location" },
      {
        field,
        kind: "contact",
        contact: OTHER_USER,
        note: "another user's contact",
        ...(field === "phone" ? { says: /чужой|басқа адамға/ } : {}),
      },
      { field, kind: "forward", text: answer, note: "a forwarded message carrying a valid answer", says: /Пересланные|Қайта жіберілген/ },
      { field, kind: "callback", data: "x:forged", note: "a forged callback on the question" },
      { field, kind: "edit", text: answer, note: "the parent's last message edited into a valid answer", says: /исправлений|түзетулерді/ },
    );
    if (field === "document") continue;
    out.push(
      { field, kind: "photo", bytes: JPEG, note: "a photo with an empty caption" },
      { field, kind: "photo", bytes: JPEG, caption: answer, note: "a photo whose caption is a valid answer" },
      {
        field,
        kind: "document",
        file: { bytes: bytes(PDF), fileName: "answer.pdf", mimeType: "application/pdf" },
        note: "a PDF instead of text",
      },
    );
  }
  out.push(
    {
      field: "phone",
      kind: "contact",
      contact: { phone_number: "+77015550001", first_name: "Без id" },
      note: "a contact card without a user id",
      says: /чужой|басқа адамға/,
    },
    {
      field: "phone",
      kind: "contact",
      contact: { ...OTHER_USER, phone_number: "+77015550001" },
      note: "the parent's own number under another user's id",
      says: /чужой|басқа адамға/,
    },
    { field: "document", kind: "callback", data: "d:skip", note: "skipping a required document by a forged button" },
    { field: "document", kind: "callback", data: "d:done", note: "'Done' before any page" },
    { field: "document", kind: "photo", bytes: GIF, note: "a GIF sent as a photo", later: true, says: /JPEG, PNG, WebP/ },
    {
      field: "document",
      kind: "photo",
      bytes: WEBP,
      note: "a broken WebP sent as a photo",
      later: true,
      says: /Фото не удалось открыть|Суретті ашу мүмкін болмады/,
    },
    { field: "document", kind: "photo", bytes: sized(21 * MB, JPEG)(), note: "a photo over 20 MB", says: /20 МБ/ },
    { field: "school-search", kind: "callback", data: "s:sc:999999", note: "a forged school id" },
    { field: "category", kind: "callback", data: "f:rich", note: "a forged category" },
    // Forged buttons in the bot's own shape: a question's button with a value it never offered.
    { field: "category", kind: "callback", data: "f:category:rich", note: "a category that is not an option" },
    { field: "category", kind: "callback", data: "f:child-grade:5", note: "a button of a question already answered" },
    { field: "child-name", kind: "callback", data: "f:child-full-name:c999999", note: "a saved child that is not this parent's" },
    { field: "email", kind: "callback", data: "f:parent-email:use", note: "'use my email' with no email in the profile" },
    { field: "document", kind: "callback", data: "d:birth-certificate:skip", note: "skipping a required document" },
    { field: "document", kind: "callback", data: "d:birth-certificate:done", note: "'Done' on the document before any page" },
    { field: "document", kind: "callback", data: "d:large-family-certificate:done", note: "'Done' on a document not asked yet" },
    { field: "document", kind: "callback", data: "d:birth-certificate:back", note: "'a page of the document before' on the first one" },
    { field: "document", kind: "callback", data: "d:large-family-certificate:redo", note: "'replace the pages' of a document not asked" },
    {
      field: "document",
      kind: "callback",
      data: "d:large-family-certificate:back",
      note: "'a page of the document before', no page taken",
    },
  );
  for (const f of hostileFiles()) out.push({ field: "document", kind: "document", ...f });
  return out;
}
