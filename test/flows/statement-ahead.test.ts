/**
 * The statement rendered when the review is shown, and the rows an update reads once. The
 * parent confirms a statement of exactly what the draft holds at that moment: a statement
 * rendered ahead is used only while the answers and the documents are the ones it was rendered
 * from; otherwise the confirmation renders the draft as it is. On PGlite and PostgreSQL.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import * as apps from "#root/db/queries/applications.ts";
import { getStoredFile, storeFile } from "#root/db/queries/files.ts";
import { keepAnswer } from "#root/db/queries/form.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { getUser, registerParent } from "#root/db/queries/users.ts";
import { withReadCache } from "#root/db/read-cache.ts";
import { renderStatement } from "#root/flows/documents/statement.ts";
import { makeIin } from "#root/flows/iin.ts";
import { prepareStatement, renderAhead, statementData } from "#root/flows/statement.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { PDF } from "#root/test/helpers/system.ts";

const now = new Date("2026-09-01T04:00:00Z");
const CSV = `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп,Школа №1,990140000106
`;

describe.each(backends)("the statement on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  let parentId: number;
  let schoolId: number;
  const parent = { fullName: "Серікова Айгүл", iin: makeIin("1988-05-14", "female"), phone: "+77011234567" };
  let n = 0;

  /** A meals draft with every answer a statement needs, at the review. */
  async function completeDraft(): Promise<apps.Application> {
    const draft = await apps.createDraft(db, { serviceId: "meals", parentId, lang: "ru", now });
    await fillStage(db, { applicationId: draft.id, stage: "parent", answers: parent, now });
    const child = { fullName: "Серікова Дана", iin: makeIin("2015-03-09", "female", ++n), birthDate: "2015-03-09", grade: 3 };
    await fillStage(db, { applicationId: draft.id, stage: "child", answers: child, now });
    await fillStage(db, { applicationId: draft.id, stage: "school", answers: { schoolId }, patch: { schoolId }, now });
    return (await fillStage(db, { applicationId: draft.id, stage: "fields", answers: { category: "asp" }, now }))!;
  }
  /** The statement of the draft as the database holds it now, rendered afresh. */
  const freshStatement = async (id: string) => renderStatement(await statementData(db, (await apps.getApplication(db, id))!));

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    await importSchools(db, CSV);
    schoolId = (await getSchoolByBin(db, "990140000106"))!.id;
    parentId = (await registerParent(db, { telegramId: 601, phone: parent.phone, fullName: parent.fullName, iin: parent.iin, lang: "ru" }))
      .id;
  });
  afterAll(() => database?.dispose());

  it("stores the statement rendered at the review when the parent confirms, and makes it the application's", async () => {
    const app = await completeDraft();
    renderAhead(db, app);
    const statement = await prepareStatement(db, app);
    expect(Buffer.from(statement.bytes).equals(Buffer.from(await freshStatement(app.id)))).toBe(true);
    const row = await apps.getApplication(db, app.id);
    expect(row?.statementFileId).toBe(statement.fileId);
    expect(Buffer.from((await getStoredFile(db, statement.fileId))!.bytes).equals(Buffer.from(statement.bytes))).toBe(true);
  });

  it("renders the new answers when an answer changed after the review was shown", async () => {
    const app = await completeDraft();
    renderAhead(db, app);
    await fillStage(db, { applicationId: app.id, stage: "child", answers: { grade: 4 }, now: new Date(now.getTime() + 1000) });
    const changed = (await apps.getApplication(db, app.id))!;
    const statement = await prepareStatement(db, changed);
    expect(Buffer.from(statement.bytes).equals(Buffer.from(await freshStatement(app.id)))).toBe(true);
    expect((await apps.getApplication(db, app.id))?.statementFileId).toBe(statement.fileId);
  });

  it("counts a document page added after the review was shown", async () => {
    const app = await completeDraft();
    renderAhead(db, app);
    const ahead = await prepareStatement(db, app); // what the review's statement looks like without the page
    renderAhead(db, (await apps.getApplication(db, app.id))!);
    const file = await storeFile(db, { bytes: PDF });
    await apps.addDocument(db, { applicationId: app.id, requirementId: "birth-certificate", fileId: file.id });
    const statement = await prepareStatement(db, (await apps.getApplication(db, app.id))!);
    expect(Buffer.from(statement.bytes).equals(Buffer.from(ahead.bytes))).toBe(false);
    expect(Buffer.from(statement.bytes).equals(Buffer.from(await freshStatement(app.id)))).toBe(true);
  });

  it("within one update, a read after a write sees the write, and changing a row read does not change the next read", async () => {
    const app = await completeDraft();
    await withReadCache(db, async () => {
      const first = (await apps.getApplication(db, app.id))!;
      first.form.child = {};
      expect((await apps.getApplication(db, app.id))?.form.child).toMatchObject({ grade: 3 });
      await keepAnswer(db, {
        applicationId: app.id,
        parentId,
        guard: ["child", "note"],
        writes: [{ path: ["child", "note"], value: "x" }],
        now,
      });
      expect((await apps.getApplication(db, app.id))?.form.child).toMatchObject({ grade: 3, note: "x" });
      expect(await apps.listDocuments(db, app.id)).toHaveLength(0);
      const file = await storeFile(db, { bytes: PDF });
      await apps.addDocument(db, { applicationId: app.id, requirementId: "birth-certificate", fileId: file.id });
      expect(await apps.listDocuments(db, app.id)).toHaveLength(1);
      expect((await getUser(db, parentId))?.fullName).toBe(parent.fullName);
    });
  });
});
