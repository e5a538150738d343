/**
 * The director's order notice reaches the parent's email, as `npm start` runs with SMTP_URL set
 * (a real SMTP server on loopback): the email the parent gave in the form is kept on their
 * profile when the application is sent, and the director's tap on "Sign the order" ends in a
 * mail to it, in the parent's language, with the order notice's PDF attached — the very file
 * the check page vouches for. Kazakh and Russian.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { performAction } from "#root/bot/provider/perform.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { createStaffInvite } from "#root/db/queries/staff.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { formatCheckCode } from "#root/flows/check/index.ts";
import { formatDate } from "#root/flows/form.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { joinAsStaff, seedSchool, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { scanQr } from "#root/test/helpers/qr.ts";
import { startSmtp, type TestSmtp } from "#root/test/helpers/smtp.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let smtp: TestSmtp;
let system: TestSystem;
let schoolId: number;
let nextId = 820_000;

beforeAll(async () => {
  smtp = await startSmtp();
  system = await startTestSystem({ env: { SMTP_URL: smtp.url } });
  schoolId = (await seedSchool(system.database.db, "123456789012", "Школа-гимназия №12")).id;
});
afterAll(async () => {
  await system?.close();
  await smtp?.close();
});

/** A staff member who redeemed an invite in the provider bot. */
async function staffChat(name: string, role: "specialist" | "director"): Promise<TgChat> {
  const chat = tgUser(system.playground!, { id: ++nextId, firstName: name, lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  const { token } = await createStaffInvite(system.database.db, { schoolId, role, now: new Date() });
  await joinAsStaff(chat, token, `${name} Ахметова`, role === "director" ? "Директор" : "Заместитель директора по учебной работе");
  return chat;
}

describe.each<Lang>(["kk", "ru"])("the order notice by email (%s)", (lang) => {
  it("goes to the email given in the form, kept on the profile, with the order notice's PDF", async () => {
    const db = system.database.db;
    const specialist = await staffChat("Сауле", "specialist");
    const director = await staffChat("Гульнара", "director");
    const parent = system.parent({ id: ++nextId, lang });
    await parent.send("/start");
    const email = `parent-${lang}@example.kz`;
    const app = await submittedApplication(db, {
      serviceId: "home-schooling",
      schoolId,
      parentTelegramId: parent.chat.user.id,
      lang,
      email,
      profileEmail: false,
      childName: `Сапаров Нурлан ${lang}`,
    });
    expect((await findUserByTelegramId(db, parent.chat.user.id))?.email).toBe(email);

    const deps = { db, now: () => new Date(), config: system.config };
    await performAction(deps, specialist.chat.user.id, { applicationId: app.id, action: "register", version: app.version });
    await performAction(deps, specialist.chat.user.id, { applicationId: app.id, action: "issue", version: app.version + 1 });

    const seen = smtp.mails.length;
    await director.send("/inbox");
    await director.nextMessage(/Заявления/);
    await director.tap(`№ ${app.number} · Сапаров Нурлан ${lang}`);
    await director.nextMessage(/Статус: Документы приняты, ожидается приказ директора/);
    await director.tap("Подписать приказ");
    await director.nextMessage(/номер приказа/);
    await director.send("45-Ж");
    await director.nextMessage(/дату приказа/);
    await director.send(formatDate(almatyDate(new Date())));
    await director.nextMessage(/Приказ: № 45-Ж/);
    await director.tap("✅ Подтвердить");
    await director.nextMessage(/Приказ подписан/);

    const mail = await smtp.nextMail(seen);
    expect(mail.to).toEqual([email]);
    const status = t(lang, "lifecycle-status-order-signed");
    expect(mail.parsed.subject).toBe(t(lang, "notify-email-subject", { number: app.number, status }));
    expect(mail.parsed.text).toContain(status);
    const [attachment] = mail.parsed.attachments;
    expect(attachment?.contentType).toBe("application/pdf");
    expect(attachment?.filename).toMatch(/\.pdf$/);

    // The attached file is the order notice the check page vouches for.
    expect((await getApplication(db, app.id))?.status).toBe("order_signed");
    const order = (await listIssued(db, app.id)).find((d) => d.kind === "order")!;
    expect(createHash("sha256").update(attachment!.content).digest("hex")).toBe(order.sha256);
    expect(await scanQr(new Uint8Array(attachment!.content))).toBe(
      `http://localhost:${system.port}/check/${formatCheckCode(order.checkCode)}`,
    );
  });
});
