/**
 * A parent applies for home schooling in Kazakh: the commission's conclusion number, date and
 * file, a restart of the whole system in the middle of the form (nothing lost), and the
 * application sent to school. Then "My applications" shows it and lets the parent withdraw it.
 */
import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { formatDate } from "#root/flows/form.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

const systems: TestSystem[] = [];
/** A seventh-grader this school year, born on 30 November. */
const CHILD_BORN = bornForGrade(7, new Date(), "11-30");
afterAll(async () => {
  for (const s of systems) await s.close().catch(() => {});
});

function lastMonth(): string {
  const d = new Date(Date.now() - 30 * 24 * 3600_000);
  return `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${d.getUTCFullYear()}`;
}

describe("a home schooling application in Kazakh", () => {
  it("survives a restart mid-form and reaches the school, then can be withdrawn", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "desk-restart-"));
    const first = await startTestSystem({ env: { DATA_DIR: dataDir } });
    systems.push(first);
    const id = 410_001;
    let parent = first.parent({ id, lang: "kk", firstName: "Айгүл" });
    // Telegram's language is Kazakh: no language question.
    await parent.send("/start");
    await parent.nextMessage(/Дербес деректерді жинауға/);
    await parent.tap("✅ Келісемін");
    await parent.nextMessage(/Телефон нөміріңізбен бөлісіңіз/);
    await parent.shareContact();
    await parent.nextMessage(/Тегіңізді, атыңызды/);
    await parent.send("Сәрсенова Айгүл Болатқызы");
    await parent.nextMessage(/ЖСН-іңізді/);
    await parent.send(makeIin("1986-02-11", "female", 5));
    await parent.nextMessage(/Мектептің мемлекеттік көрсетілетін қызметтері/);
    await parent.tap("Үйде жеке тегін оқыту");
    // The service's page fits a phone's screen; the rules are one tap further.
    const page = await parent.nextMessage(/«Толығырақ» батырмасында/);
    expect(page.text!.length).toBeLessThan(400);
    expect(page.text!.split("\n").length).toBeLessThanOrEqual(6);
    expect(page.text).not.toContain("ДКК");
    await parent.tap("ℹ️ Толығырақ");
    const more = await parent.nextMessage(/Кім ала алады/);
    expect(more.text).toContain("Дәрігерлік-консультациялық комиссияның қорытындысы қажет");
    expect(more.text).toContain("бұйрық туралы хабарламаны");
    await parent.tap("📝 Өтініш беру");
    await parent.nextMessage(/5 қадамның 1-қадамы/);
    // «No» typed for the email: refused with how to go on without one, and the button right under it.
    await parent.send("жоқ");
    await parent.nextMessage(/Поштаңыз болмаса, «✅ Деректер дұрыс, эл. поштасыз» батырмасын басыңыз/);
    expect(parent.lastKeyboard()).toContain("✅ Деректер дұрыс, эл. поштасыз");
    await parent.tap("✅ Деректер дұрыс, эл. поштасыз");
    await parent.nextMessage(/Баланың тегін/);
    await parent.send("Сәрсенов Нұрлан Асқарұлы");
    await parent.nextMessage(/Баланың ЖСН-ін/);
    await parent.send(makeIin(CHILD_BORN, "male", 7));
    await parent.nextMessage(/нешінші сыныпта/);

    // The server goes away and comes back (a redeploy): the parent continues at the same question.
    await first.stop();
    const second = await startTestSystem({ env: { DATA_DIR: dataDir } });
    systems.push(second);
    parent = second.parent({ id, lang: "kk", firstName: "Айгүл" });
    await parent.send("7 сынып");
    await parent.nextMessage(/Облысты немесе қаланы таңдаңыз/);
    // Typed on the English layout: searched on the Russian one, and said so above the list.
    await parent.send("Fkvfks 3");
    const instead = await parent.nextMessage(/«Fkvfks 3» сұрауы бойынша мектеп табылмады/);
    expect(instead.text).toContain(
      "«Fkvfks 3» сұрауы бойынша мектеп табылмады, сондықтан пернетақтаның басқа орналасуындағы «Алмалы 3» сұрауы бойынша " +
        "нәтижелер көрсетілді.\n\n«Алмалы 3» сұрауы бойынша табылды: 1.",
    );
    await parent.send("990140000304"); // search by BIN
    await parent.nextMessage(/сұрауы бойынша табылды: 1/);
    await parent.tap("№3 жалпы білім беретін мектеп (ДЕМО) · Алмалы ауданы");
    await parent.nextMessage(/4-қадамы.*ДКК қорытындысының нөмірін/s);
    await parent.send("№ 125/К");
    await parent.nextMessage(/ДКК қорытындысының күнін/);
    await parent.send("01.01.2001"); // older than a year: refused, asked again
    await parent.nextMessage(/.+/);
    await parent.send(lastMonth());
    await parent.nextMessage(/1 құжаттың 1-құжаты/);
    await parent.sendDocument(PDF, "qorytyndy.pdf", "application/pdf");
    await parent.nextMessage(/Алынған беттер саны: 1/);
    const review = await parent.nextMessage(/Өтінішті тексеріңіз/);
    expect(review.text).toContain("Сәрсенов Нұрлан Асқарұлы");
    expect(review.text).toContain(formatDate(CHILD_BORN));
    expect(review.text).toContain("№ 125/К");
    // The ways to sign are on the review: a tap forms the statement and signs it.
    await parent.tap("📄 Қол қойылған қағаз өтінішті жүктеу");
    await parent.nextMessage(/қалыптастырылды/);
    await parent.nextMessage(/басып шығарып/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/қол қойылды/);
    await parent.tap("📨 Мектепке жіберу");
    await parent.nextMessage(/білім беру ұйымына жіберілді/);

    const db = second.database.db;
    const user = await findUserByTelegramId(db, id);
    const [app] = await listParentApplications(db, user!.id);
    expect(app).toMatchObject({ serviceId: "home-schooling", status: "submitted", lang: "kk" });
    expect(app!.form).toMatchObject({ child: { birthDate: CHILD_BORN, grade: 7 }, fields: { "conclusion-number": "№ 125/К" } });

    await parent.send("/my");
    await parent.nextMessage(/Менің өтініштерім/);
    await parent.tap(`№ ${app!.number}`);
    await parent.nextMessage(/Жіберілді|Мәртебесі/);
    await parent.tap("Өтінішті кері қайтарып алу");
    await parent.nextMessage(/кері қайтарып аласыз ба/);
    await parent.tap("Иә, қайтарып алу");
    await parent.nextMessage(/кері қайтарып алынды/);
    expect((await listParentApplications(db, user!.id))[0]!.status).toBe("cancelled");
  });
});
