/**
 * A parent enrols a child in the first grade, in Kazakh, from /start to the enrolment order:
 * the child turns six only next year, so the form asks why and wants the commission's
 * conclusion; the grade is not asked; the area priority wants proof of residence; the
 * application goes to the school in May and the send itself gives the receipt (checkable, in the
 * chat at once); then the director signs the enrolment order from the queue, and the parent has
 * the order notice in the chat. On 15 August the service still takes applications; on 1 September
 * it refuses a new one with the next period's dates.
 */
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { addChild, findUserByTelegramId } from "#root/db/queries/users.ts";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { formatDate } from "#root/flows/form.ts";
import { schoolYearOf } from "#root/flows/form/number.ts";
import { makeIin } from "#root/flows/iin.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { lastCampaignYear } from "#root/test/helpers/campaign.ts";
import { seedStaff } from "#root/test/helpers/fixtures.ts";
import { bornForGrade, registerInKazakh } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

const systems: TestSystem[] = [];
afterAll(async () => {
  for (const s of systems) await s.close().catch(() => {});
});
afterEach(() => {
  vi.useRealTimers();
});

/**
 * The admission campaign played: a campaign is a calendar year's (applications from April, the
 * order by 31 August), and the test plays the last one whose August is over, so that every day
 * this process's clock is set to is past on the real clock too (the database's).
 */
const YEAR = lastCampaignYear();
/** The parent's side runs on a May day of the admission campaign, the school's on an August day (only the clock of this process moves). */
const MAY = new Date(`${YEAR}-05-15T04:00:00Z`);
const AUGUST = new Date(`${YEAR}-08-20T06:00:00Z`);
/** Six only in February after the school year begins: a reason and the commission's conclusion are asked. */
const EARLY_BORN = `${YEAR - 5}-02-01`;

/** One document: a file; the document goes on by itself. */
async function upload(parent: TgChat, title: RegExp, photo = false): Promise<void> {
  await parent.nextMessage(title);
  if (photo) await parent.sendPhoto(JPEG);
  else await parent.sendDocument(PDF, "doc.pdf", "application/pdf");
}

describe("first grade in Kazakh", () => {
  it("from /start to the enrolment order, through the receipt", async () => {
    const system = await startTestSystem();
    systems.push(system);
    const db = system.database.db;
    vi.useFakeTimers({ toFake: ["Date"], now: MAY, shouldAdvanceTime: true });

    const parent = system.parent({ id: 520_001, lang: "kk", firstName: "Айгүл" });
    await registerInKazakh(parent, "Сәрсенова Айгүл Болатқызы", makeIin("1992-02-11", "female", 5));
    const registered = await findUserByTelegramId(db, 520_001);
    const pupilBorn = bornForGrade(5, MAY);
    const pupil = { fullName: "Сәрсенова Дана Асқарқызы", iin: makeIin(pupilBorn, "female", 3), birthDate: pupilBorn, grade: 5 };
    await addChild(db, { parentId: registered!.id, ...pupil, gradeYear: schoolYearOf(MAY) });
    await parent.tap("Бірінші сыныпқа қабылдау");
    await parent.nextMessage(/«Толығырақ» батырмасында/);
    await parent.tap("ℹ️ Толығырақ");
    const more = await parent.nextMessage(/Кім ала алады/);
    expect(more.text).toContain("1 сәуірден 31 тамызға дейін қоса алғанда");
    expect(more.text).toContain("№ 026/у-3");
    await parent.tap("📝 Өтініш беру");
    await parent.nextMessage(/қадамның 1-қадамы/);
    await parent.tap("✅ Деректер дұрыс, эл. поштасыз");
    // The parent's saved pupil is offered, and refused for the first grade with why; the child's
    // questions are then asked as they are.
    await parent.nextMessage(/Өтініш қай бала үшін/);
    await parent.tap("Сәрсенова Дана Асқарқызы, 5-сынып");
    const unfit = await parent.nextMessage(/^Сақталған деректер бойынша Сәрсенова Дана Асқарқызы бұл қызметке сәйкес келмейді:\n/);
    expect(unfit.text).toContain(`${formatDate(pupilBorn)} туған. 1-сыныпқа қабылдау туралы өтінішті бала 5–9 жаста болғанда ғана`);
    expect((await parent.nextMessage(/Баланың тегін/)).reply_markup).toBeUndefined();
    await parent.send("Сәрсенов Алихан Асқарұлы");
    await parent.nextMessage(/Баланың ЖСН-ін/);
    // Six only in February, after the school year from 1 September begins: a reason and the
    // commission's conclusion are asked.
    await parent.send(makeIin(EARLY_BORN, "male", 7));
    // No grade question: the first grade is the service's.
    await parent.nextMessage(/Облысты немесе қаланы таңдаңыз/);
    await parent.send("990140000304");
    await parent.nextMessage(/сұрауы бойынша табылды: 1/);
    await parent.tap("№3 жалпы білім беретін мектеп (ДЕМО) · Алмалы ауданы");
    await parent.nextMessage(/Сіздің балаңыз бұдан кіші немесе үлкен/);
    await parent.tap("Ертерек: бала мектепке дайын");
    await parent.nextMessage(/басымдық бар ма/);
    await parent.tap("Мектептің жанында тұрамыз");
    await parent.nextMessage(/Қазақстаннан тыс жерде туды ма/);
    await parent.tap("Жоқ, Қазақстанда");
    await upload(parent, /Профилактикалық екпелер картасы/);
    await upload(parent, /Баланың денсаулық паспорты/);
    await upload(parent, /3×4 см фотосуреті/, true);
    await upload(parent, /жастан ерте немесе кеш қабылдау туралы комиссия қорытындысы/);
    await upload(parent, /Тұрғылықты жерін растайтын құжат/);
    const review = await parent.nextMessage(/Өтінішті тексеріңіз/);
    expect(review.text).toContain("Сәрсенов Алихан Асқарұлы");
    expect(review.text).toContain(formatDate(EARLY_BORN));
    expect(review.text).toContain("Ертерек: бала мектепке дайын");
    expect(review.text).not.toContain("Туу туралы куәлік");
    // The review's buttons are the ways to sign.
    await parent.tap("📄 Қол қойылған қағаз өтінішті жүктеу");
    await parent.nextMessage(/қалыптастырылды/);
    await parent.nextMessage(/басып шығарып/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/қол қойылды/);
    await parent.tap("📨 Мектепке жіберу");
    // The answer to the send and the receipt, issued by the send itself (in either order).
    const after = [
      await parent.nextMessage(/білім беру ұйымына жіберілді|Құжаттар қабылданды/, { timeoutMs: 20_000 }),
      await parent.nextMessage(/білім беру ұйымына жіберілді|Құжаттар қабылданды/, { timeoutMs: 20_000 }),
    ];
    const receipt = after.find((m) => m.document)!;
    expect(receipt.document?.file_name).toMatch(/^receipt-/);
    // The answer to the send says the documents were accepted at once, not "the school will register it".
    expect(after.some((m) => /білім беру ұйымына жіберілді[\s\S]*Құжаттар бірден қабылданды/.test(m.text ?? ""))).toBe(true);
    // The school's side in August of the same campaign, before the order's last day.
    vi.setSystemTime(AUGUST);

    const user = await findUserByTelegramId(db, 520_001);
    const [app] = await listParentApplications(db, user!.id);
    // No one at the school registered it: the receipt is the answer to the documents handed in.
    expect(app).toMatchObject({ serviceId: "first-grade", status: "completed", lang: "kk" });
    expect(app!.form).toMatchObject({
      child: { birthDate: EARLY_BORN, grade: 1 },
      fields: { "age-reason": "early", priority: "area", "born-abroad": "no" },
    });
    const [receiptRecord] = await listIssued(db, app!.id);
    expect(receiptRecord).toMatchObject({ kind: "receipt", fileId: app!.resultFileId, issuedByStaffId: null });

    // The school: the director's order from the queue.
    const school = (await getSchoolByBin(db, "990140000304"))!;
    await seedStaff(db, { schoolId: school.id, telegramId: 520_900, role: "director", fullName: "Нұрланова Гүлнар Серікқызы", lang: "kk" });

    const director = tgUser(system.playground!, { id: 520_900, firstName: "Гүлнар", lang: "kk" }).chatWith(
      PLAYGROUND_BOT_USERNAMES.provider,
    );
    await director.send("/orders");
    await director.nextMessage(/Қызметті таңдаңыз/);
    await director.tap("Бірінші сыныпқа қабылдау: 1");
    const places = await director.nextMessage(/Орын саны көрсетілмеген/);
    // The order is due on the last day of the period, before the school year.
    expect(places.text).toContain("Бұйрыққа қол қоюдың соңғы күні: 31.08.");
    await director.tap("🔢 Орын саны");
    await director.nextMessage(/неше баланы қабылдайды/);
    await director.send("100");
    await director.nextMessage(/Орын саны: 100/);
    await director.tap("📋 Тізімге");
    const queue = await director.nextMessage(/бұйрықты күтіп тұрғандар: 1/);
    expect(queue.text).toContain("1. Сәрсенов Алихан Асқарұлы");
    expect(queue.text).toContain("Мектептің жанында тұрамыз, Ертерек: бала мектепке дайын");
    await director.tap("✅ Рет бойынша қабылдау");
    await director.nextMessage(/неше өтініш берушіні/);
    await director.tap("Рет бойынша барлығы: 1");
    await director.nextMessage(/бұйрықтың нөмірін|нөмірін жазыңыз/);
    await director.send("45-Ж");
    await director.nextMessage(/күнін/);
    await director.send(formatDate(almatyDate(new Date())));
    await director.nextMessage(/Бұйрық № 45-Ж/);
    await director.tap("✅ Растау");
    await director.nextMessage(/№ 45-Ж бұйрықпен қабылданғаны: 1/, { timeoutMs: 30_000 });

    const order = await parent.nextMessage(/Директор бұйрыққа қол қойды/, { timeoutMs: 20_000 });
    expect(order.document?.file_name).toMatch(/^order-/);
    const issued = (await listIssued(db, app!.id)).map((d) => d.kind).sort();
    expect(issued).toEqual(["order", "receipt"]);
  }, 120_000);

  it("on 15 August the service takes applications; on 1 September it is listed, and says when to come back", async () => {
    const system = await startTestSystem();
    systems.push(system);
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-08-15T06:00:00Z"), shouldAdvanceTime: true });
    const august = system.parent({ id: 520_003, lang: "kk", firstName: "Әсел" });
    await registerInKazakh(august, "Нұрова Әсел Ерланқызы", makeIin("1991-03-02", "female", 6));
    await august.tap("Бірінші сыныпқа қабылдау");
    await august.nextMessage(/«Толығырақ» батырмасында/);
    await august.tap("📝 Өтініш беру");
    await august.nextMessage(/қадамның 1-қадамы/);

    vi.setSystemTime(new Date("2026-09-01T06:00:00Z"));
    const parent = system.parent({ id: 520_002, lang: "kk", firstName: "Дана" });
    await registerInKazakh(parent, "Омарова Дана Ерланқызы", makeIin("1990-07-01", "female", 6));
    await parent.tap("Бірінші сыныпқа қабылдау");
    await parent.nextMessage(/«Толығырақ» батырмасында/);
    await parent.tap("📝 Өтініш беру");
    const closed = await parent.nextMessage(/өтініштер қабылдау мерзімі/);
    expect(closed.text).toContain("01.04.2027 – 31.08.2027");
    const user = await findUserByTelegramId(system.database.db, 520_002);
    expect(await listParentApplications(system.database.db, user!.id)).toEqual([]);
  }, 60_000);
});
