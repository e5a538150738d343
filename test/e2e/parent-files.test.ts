/**
 * What a parent uploads reaches school staff, so the parent bot takes only photos and real,
 * inert PDFs: web pages, programs, files named to look like something else, PDFs that start
 * late, run JavaScript or carry other files are refused with an answer saying what to send
 * instead, and nothing is added to the draft. A photo is stored re-encoded, without its EXIF.
 */
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getApplication, listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { sha256Hex } from "#root/flows/files.ts";
import { t } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, mealsToDocuments, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import {
  exeWithPdfHeader,
  hasExif,
  htmlWithScript,
  jpegWithGps,
  pdfAfterJunk,
  pdfWithEmbeddedFile,
  pdfWithJavaScriptOpenAction,
} from "#root/test/helpers/upload-fixtures.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const GENERIC_ERROR = /Что-то пошло не так/;
const NOT_A_TYPE = t("ru", "apply-docs-rejected-unsupported-type");
const ACTIVE = t("ru", "apply-docs-rejected-active-content");

describe("files a parent uploads", () => {
  it("refuses harmful files with what to send instead, and stores a photo re-encoded without EXIF", async () => {
    const parent = system.parent({ lang: "ru", firstName: "Анна" });
    await registerInRussian(parent, "Петрова Анна Сергеевна", makeIin("1988-07-14", "female", 71));
    await mealsToDocuments(parent, { name: "Петров Алихан Маратович", iin: makeIin(bornForGrade(5), "male", 72), grade: 5 });

    const db = system.database.db;
    const user = await findUserByTelegramId(db, parent.chat.user.id);
    const [draft] = await listParentApplications(db, user!.id);
    const before = await getApplication(db, draft!.id);

    const refusals: Array<[string, Uint8Array, string, string, string]> = [
      ["a web page with a script", htmlWithScript(), "spravka.pdf", "text/html", NOT_A_TYPE],
      ["a Windows program", exeWithPdfHeader(), "spravka.pdf", "application/pdf", NOT_A_TYPE],
      ["a program named to show as spravkaexe.pdf", exeWithPdfHeader(), "spravka\u202Efdp.exe", "application/pdf", NOT_A_TYPE],
      ["a PDF after other bytes", await pdfAfterJunk(), "spravka.pdf", "application/pdf", NOT_A_TYPE],
      ["a PDF that runs JavaScript on opening", await pdfWithJavaScriptOpenAction(), "spravka.pdf", "application/pdf", ACTIVE],
      ["a PDF with a file inside", await pdfWithEmbeddedFile(), "spravka.pdf", "application/pdf", ACTIVE],
    ];
    for (const [what, bytes, name, mime, answer] of refusals) {
      await parent.sendDocument(bytes, name, mime);
      const reply = await parent.nextMessage();
      expect(reply.text, what).not.toMatch(GENERIC_ERROR);
      expect(reply.text, what).toBe(answer);
      expect(await listDocuments(db, draft!.id), what).toEqual([]);
    }
    expect(ACTIVE).toMatch(/Отправьте фото документа или обычный скан в PDF/);
    const after = await getApplication(db, draft!.id);
    expect(after!.form).toEqual(before!.form);

    // A photo of the birth certificate taken at home, sent as a file: the GPS position goes no further.
    const photo = await jpegWithGps(120, 90);
    await parent.sendDocument(photo, "IMG_0001.JPG", "image/jpeg");
    // A single page is all the document needs: it goes on by itself.
    await parent.nextMessage(/Получено страниц: 1/);
    const [doc] = await listDocuments(db, draft!.id);
    const stored = await getStoredFile(db, doc!.fileId!);
    expect(stored).toMatchObject({ mime: "image/jpeg", name: null });
    expect(hasExif(stored!.bytes)).toBe(false);
    expect(Buffer.from(stored!.bytes).includes("PhoneMaker")).toBe(false);
    expect((await sharp(stored!.bytes).metadata()).exif).toBeUndefined();
    expect(stored!.sha256).toBe(sha256Hex(stored!.bytes));
    expect(stored!.sha256).not.toBe(sha256Hex(photo));

    // The paper signature is an upload too.
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    await parent.nextMessage(/Проверьте заявление/);
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/Распечатайте заявление/);
    await parent.sendDocument(await pdfWithJavaScriptOpenAction(), "zayavlenie.pdf", "application/pdf");
    expect((await parent.nextMessage()).text).toBe(ACTIVE);
    expect((await getApplication(db, draft!.id))!.status).toBe("draft");
  });
});

describe("an album at the last document", () => {
  it("leads to the review once its first page is in, and the review counts each later page of the album", async () => {
    const parent = system.parent({ lang: "ru", firstName: "Жанна" });
    await registerInRussian(parent, "Касымова Жанна Ериковна", makeIin("1987-03-02", "female", 73));
    await mealsToDocuments(parent, { name: "Касымов Арман Ерикович", iin: makeIin(bornForGrade(6), "male", 74), grade: 6 });
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Документ 2 из 2/);
    parent.chat.sendAlbum([JPEG, JPEG, JPEG]);
    // The first page answers the document and the review follows; the two later pages are
    // kept with it and counted in the confirmation and in the review, edited in place.
    const review = await parent.nextMessage(/Проверьте заявление/);
    await parent.nextMessage(/Справка о назначении адресной социальной помощи: 3 файла/);
    const now = parent.botMessages().find((m) => m.message_id === review.message_id)!;
    expect(now.text).toContain("Справка о назначении адресной социальной помощи: 3 файла");
    // The edit keeps the review's buttons: the ways to sign and the ✏️ of each stage.
    expect(now.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(
      review.reply_markup!.inline_keyboard.flat().map((b) => b.text),
    );
    expect(parent.botMessages().filter((m) => /Проверьте заявление/.test(m.text ?? ""))).toHaveLength(1);
    expect(parent.botMessages().some((m) => /Получено страниц: 3/.test(m.text ?? ""))).toBe(true);
  });
});

describe("a page of a document sent after that document went on", () => {
  it("is moved back to it with one tap, and the document it was taken for is asked again", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru", firstName: "Асель" });
    await registerInRussian(parent, "Нурланова Асель Маратовна", makeIin("1989-06-02", "female", 75));
    await mealsToDocuments(parent, { name: "Нурланов Тимур Асетович", iin: makeIin(bornForGrade(7), "male", 76), grade: 7 });
    // The front of the birth certificate, then its back on its own: taken for the next document.
    await parent.sendPhoto(JPEG);
    const first = await parent.nextMessage(/Получено страниц: 1/);
    // The first document has none before it: nothing to move to.
    expect(first.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["➕ Добавить страницу"]);
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Получено страниц: 1 ✅ Документ «Справка о назначении адресной социальной помощи» принят/);
    const stale = await parent.nextMessage(/Проверьте заявление/);
    await parent.tap("↩️ Это страница: Свидетельство о рождении ребёнка");
    await parent.nextMessage(/Страница перенесена в документ «Свидетельство о рождении ребёнка»/);
    await parent.nextMessage(/Документ 2 из 2/);
    // The review above is out of date: a way to sign on it forms no statement while a document is missing.
    const paper = stale.reply_markup!.inline_keyboard.flat().find((b) => b.text.startsWith("📄")) as { callback_data: string };
    const tap = await parent.chat.tapButton(stale.message_id, paper.callback_data);
    expect((await parent.callbackAnswer(String(tap))).text).toMatch(/Сначала ответьте на вопрос ниже/);
    const user = await findUserByTelegramId(db, parent.chat.user.id);
    const [draft] = await listParentApplications(db, user!.id);
    const pages = await listDocuments(db, draft!.id);
    expect(pages.map((d) => d.requirementId)).toEqual(["birth-certificate", "birth-certificate"]);
    expect((await getApplication(db, draft!.id))?.statementFileId).toBeNull();
    // The certificate of social assistance, then the review counts both sides of the birth certificate.
    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    const review = await parent.nextMessage(/Проверьте заявление[\s\S]*Свидетельство о рождении ребёнка: 2 файла/);
    expect(review.text).toContain("Справка о назначении адресной социальной помощи: 1 файл");
  });
});
