/**
 * A photo of a page is answered at once: the parent goes on while the bot fetches its bytes from
 * Telegram and re-encodes them. The review waits until every photo is checked; a photo Telegram
 * will not give is refused under the parent's message and its document asked again; one Telegram
 * did not give for a while is fetched again before the review, and nothing the parent sent is lost.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, mealsToDocuments, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterEach(() => system.playground!.faults.reset());
afterAll(() => system?.close());

const BIRTH = t("ru", "services-meals-doc-birth-certificate");
let serial = 40;
async function atFirstDocument(): Promise<{ parent: TgChat; draftId: string }> {
  const parent = system.parent({ lang: "ru", firstName: "Анна" });
  serial += 2;
  await registerInRussian(parent, "Петрова Анна Сергеевна", makeIin("1988-07-14", "female", serial));
  await mealsToDocuments(parent, { name: "Петров Алихан Маратович", iin: makeIin(bornForGrade(5), "male", serial + 1), grade: 5 });
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  const [draft] = await listParentApplications(system.database.db, user!.id);
  return { parent, draftId: draft!.id };
}

/** How many photos' checks ended so (`/metrics`: an operator sees Telegram's file server failing, or photos refused). */
async function checks(outcome: "stored" | "refused" | "retry"): Promise<number> {
  const body = await (await fetch(`http://127.0.0.1:${system.port}/metrics`)).text();
  return Number(new RegExp(`^desk_page_checks_total\\{outcome="${outcome}"\\} (\\d+)$`, "m").exec(body)?.[1] ?? 0);
}

describe("a photo of a page", () => {
  it("is answered, and the next document asked, before Telegram gives its bytes; the review waits for them", async () => {
    const { parent, draftId } = await atFirstDocument();
    const db = system.database.db;
    // Telegram takes its time to give the file (a slow network): the parent is not kept waiting.
    system.playground!.faults.addRule({ methods: ["getFile"], kind: "latency", ms: 1500, times: 1 });
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Получено страниц: 1/);
    await parent.nextMessage(/Документ 2 из 2/);
    const [held] = await listDocuments(db, draftId);
    expect(held).toMatchObject({ requirementId: "birth-certificate", fileId: null });

    // The last document answered while the photo is still being fetched: the review comes once it is stored.
    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    const review = await parent.nextMessage(/Проверьте заявление/);
    expect(review.text).toMatch(new RegExp(`${BIRTH}: \\D*1`));
    const docs = await listDocuments(db, draftId);
    expect(docs.map((d) => d.fileId === null)).toEqual([false, false]);
    const photo = await getStoredFile(db, docs.find((d) => d.requirementId === "birth-certificate")!.fileId!);
    expect(photo?.mime).toBe("image/jpeg");
  });

  it("that Telegram will not give is refused under the photo, and its document asked again", async () => {
    const { parent, draftId } = await atFirstDocument();
    system.playground!.faults.addRule({ methods: ["getFile"], kind: "error", status: 400, times: 1 });
    const refusedBefore = await checks("refused");
    const sent = await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Получено страниц: 1/);
    const refused = await parent.nextMessage(new RegExp(`«${BIRTH}» принять не удалось`));
    expect(refused.text).toContain(t("ru", "apply-docs-photo-unreadable"));
    expect(refused.reply_to_message?.message_id).toBe(sent.message_id);
    expect(await checks("refused")).toBe(refusedBefore + 1);
    // The document lacks its page now: it is asked again, and the next photo answers it.
    await parent.nextMessage(/Документ 1 из 2/);
    expect(await listDocuments(system.database.db, draftId)).toEqual([]);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Получено страниц: 1/);
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
    await parent.nextMessage(/Проверьте заявление/);
    const docs = await listDocuments(system.database.db, draftId);
    expect(docs.map((d) => [d.requirementId, d.fileId !== null])).toEqual([
      ["asp-certificate", true],
      ["birth-certificate", true],
    ]);
  });

  it("Telegram did not give for a while is fetched again at the review; while it still cannot be, the parent is told to wait", async () => {
    const { parent, draftId } = await atFirstDocument();
    const faults = system.playground!.faults;
    // Telegram's file server fails both photos' downloads after their answers, and the first try at the review.
    faults.addRule({ methods: ["file"], kind: "error", status: 502, times: 3 });
    const retriesBefore = await checks("retry");
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(t("ru", "apply-docs-pages-pending"));
    expect((await listDocuments(system.database.db, draftId)).filter((d) => d.fileId === null)).toHaveLength(2);
    expect(await checks("retry")).toBe(retriesBefore + 3);
    // Telegram is back: "Continue" shows the review, the photo stored.
    await parent.tap(t("ru", "draft-continue"));
    await parent.nextMessage(/Проверьте заявление/);
    expect((await listDocuments(system.database.db, draftId)).every((d) => d.fileId !== null)).toBe(true);
  });

  it("added from an old review and not yet fetched is fetched when that review's way to sign is tapped, and counted", async () => {
    const { parent, draftId } = await atFirstDocument();
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Проверьте заявление/);
    // "Add a page" under the last document, a second photo — and Telegram's file server down for a while.
    system.playground!.faults.addRule({ methods: ["file"], kind: "error", status: 502, times: 2 });
    await parent.tap(t("ru", "apply-docs-add-page"));
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(t("ru", "apply-docs-pages-pending"));
    // The first review's way to sign, tapped when Telegram is back: the page is fetched, and the statement counts it.
    await parent.tap(t("ru", "sign-paper"));
    await parent.nextMessage(/Распечатайте заявление/);
    const docs = await listDocuments(system.database.db, draftId);
    expect(docs.filter((d) => d.requirementId === "asp-certificate").map((d) => d.fileId !== null)).toEqual([true, true]);
  });
});
