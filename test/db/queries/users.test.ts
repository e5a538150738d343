/**
 * Registration by phone on PGlite and PostgreSQL: a number recycled to a new owner never hands
 * them the record of whoever had it before.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import * as apps from "#root/db/queries/applications.ts";
import { addChild, findUserByTelegramId, getUser, listChildren, registerParent } from "#root/db/queries/users.ts";
import { users } from "#root/db/schema.ts";
import { makeIin } from "#root/flows/iin.ts";
import { backends } from "#root/test/helpers/databases.ts";

const now = new Date("2026-09-01T04:00:00Z");

describe.each(backends)("registration by phone on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(() => database?.dispose());

  it(
    "gives a second Telegram account with a registered number a record " + "of its own; the first keeps name, IIN, drafts and children",
    async () => {
      const firstIin = makeIin("1985-04-12", "female", 11);
      const first = await registerParent(db, {
        telegramId: 501,
        phone: "+77010000501",
        fullName: "Сәрсенова Айгүл",
        iin: firstIin,
        lang: "kk",
      });
      const child = await addChild(db, {
        parentId: first.id,
        fullName: "Сәрсенов Арман",
        iin: makeIin("2015-03-09", "male", 12),
        birthDate: "2015-03-09",
        grade: 5,
      });
      const draft = await apps.createDraft(db, { serviceId: "meals", parentId: first.id, lang: "kk", now });

      const secondIin = makeIin("1990-06-30", "male", 13);
      const second = await registerParent(db, {
        telegramId: 502,
        phone: "+77010000501",
        fullName: "Петров Иван",
        iin: secondIin,
        lang: "ru",
      });

      expect(second.id).not.toBe(first.id);
      expect(second).toMatchObject({ telegramId: 502, phone: "+77010000501", fullName: "Петров Иван", iin: secondIin });
      expect(await getUser(db, first.id)).toMatchObject({ telegramId: 501, fullName: "Сәрсенова Айгүл", iin: firstIin, lang: "kk" });
      expect(await listChildren(db, first.id)).toEqual([child]);
      expect(await listChildren(db, second.id)).toEqual([]);
      expect(await apps.findDraft(db, second.id)).toBeUndefined();
      expect((await apps.findDraft(db, first.id))?.id).toBe(draft.id);
    },
  );

  it("does not re-bind a registered record even when the newcomer types its IIN", async () => {
    const iin = makeIin("1986-02-11", "female", 21);
    const first = await registerParent(db, { telegramId: 601, phone: "+77010000601", fullName: "Омарова Дина", iin, lang: "ru" });
    const second = await registerParent(db, { telegramId: 602, phone: "+77010000601", fullName: "Омарова Дина", iin, lang: "ru" });
    expect(second.id).not.toBe(first.id);
    expect((await getUser(db, first.id))?.telegramId).toBe(601);
  });

  it("links an imported record only when the IIN matches too; otherwise leaves it as it was", async () => {
    const importedIin = makeIin("1979-11-02", "male", 31);
    const [imported] = await db.insert(users).values({ phone: "+77010000701", fullName: "Imported Parent", iin: importedIin }).returning();

    const stranger = await registerParent(db, {
      telegramId: 701,
      phone: "+77010000701",
      fullName: "Жаңа Иесі",
      iin: makeIin("1991-09-01", "female", 32),
      lang: "kk",
    });
    expect(stranger.id).not.toBe(imported!.id);
    expect(await getUser(db, imported!.id)).toMatchObject({ telegramId: null, fullName: "Imported Parent", iin: importedIin });

    const owner = await registerParent(db, {
      telegramId: 702,
      phone: "+77010000701",
      fullName: "Ахметов Серік",
      iin: importedIin,
      lang: "kk",
    });
    expect(owner.id).toBe(imported!.id);
    expect(owner).toMatchObject({ telegramId: 702, fullName: "Ахметов Серік" });
    expect((await findUserByTelegramId(db, 701))?.id).toBe(stranger.id);
  });

  it("lets the same account register again with its own record (a changed name)", async () => {
    const iin = makeIin("1988-04-12", "female", 41);
    const first = await registerParent(db, { telegramId: 801, phone: "+77010000801", fullName: "Қасымова Әсем", iin, lang: "kk" });
    const again = await registerParent(db, {
      telegramId: 801,
      phone: "+77010000801",
      fullName: "Қасымова Әсем Болатқызы",
      iin,
      lang: "kk",
    });
    expect(again.id).toBe(first.id);
    expect(again.fullName).toBe("Қасымова Әсем Болатқызы");
  });
});
