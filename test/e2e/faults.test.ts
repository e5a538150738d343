/**
 * Faults a real deployment meets: Redis or PostgreSQL going away in the middle of a form, and
 * the process killed with SIGKILL. The parent is told the service is temporarily unavailable,
 * loses no answer, and continues by itself once the part is back.
 */
import { afterAll, describe, expect, it } from "vitest";
import { listParentApplications } from "../../db/queries/applications.ts";
import { findUserByTelegramId } from "../../db/queries/users.ts";
import { createEmulator } from "../../api/playground/index.ts";
import { openDatabase } from "../../db/client.ts";
import { makeIin } from "../../flows/iin.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "../helpers/databases.ts";
import { freePort, runTs, type Run } from "../helpers/process.ts";
import { startTcpProxy } from "../helpers/tcp-proxy.ts";
import { startTestSystem } from "../helpers/system.ts";
import { serveEmulator, tgUser, type TgChat } from "../helpers/tg-client.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

/** /start → Russian → consent → phone → name → IIN → meals → email skipped → child's name asked. */
async function toChildName(parent: TgChat, timeoutMs = 10_000): Promise<void> {
  await parent.send("/start");
  await parent.nextMessage(/Выберите язык/, { timeoutMs });
  await parent.tap("Русский");
  await parent.nextMessage(/Согласие/, { timeoutMs });
  await parent.tap("✅ Согласен(на)");
  await parent.nextMessage(/Поделитесь номером/, { timeoutMs });
  await parent.shareContact();
  await parent.nextMessage(/ваши фамилию/, { timeoutMs });
  await parent.send("Серикова Дана Ерболовна");
  await parent.nextMessage(/ваш ИИН/, { timeoutMs });
  await parent.send(makeIin("1991-09-01", "female", 61));
  await parent.nextMessage(/Государственные услуги/, { timeoutMs });
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/Кто может получить/, { timeoutMs });
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Шаг 1 из 5/, { timeoutMs });
  await parent.tap("✅ Данные верны, без email");
  await parent.nextMessage(/фамилию, имя и отчество ребёнка/, { timeoutMs });
}

/**
 * /start → Russian → … → home schooling → email skipped → child → school by its BIN → the
 * number of the commission's conclusion asked: a question of the form engine, where the draft
 * alone says which question the parent is at.
 */
async function toConclusionNumber(parent: TgChat, timeoutMs = 10_000): Promise<void> {
  await parent.send("/start");
  await parent.nextMessage(/Выберите язык/, { timeoutMs });
  await parent.tap("Русский");
  await parent.nextMessage(/Согласие/, { timeoutMs });
  await parent.tap("✅ Согласен(на)");
  await parent.nextMessage(/Поделитесь номером/, { timeoutMs });
  await parent.shareContact();
  await parent.nextMessage(/ваши фамилию/, { timeoutMs });
  await parent.send("Серикова Дана Ерболовна");
  await parent.nextMessage(/ваш ИИН/, { timeoutMs });
  await parent.send(makeIin("1991-09-01", "female", 61));
  await parent.nextMessage(/Государственные услуги/, { timeoutMs });
  await parent.tap("Индивидуальное бесплатное обучение на дому");
  await parent.nextMessage(/Кто может получить/, { timeoutMs });
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Шаг 1 из 5/, { timeoutMs });
  await parent.tap("✅ Данные верны, без email");
  await parent.nextMessage(/фамилию, имя и отчество ребёнка/, { timeoutMs });
  await parent.send("Сериков Арман");
  await parent.nextMessage(/ИИН ребёнка/, { timeoutMs });
  await parent.send(makeIin("2012-11-30", "male", 7));
  await parent.nextMessage(/дату рождения/, { timeoutMs });
  await parent.send("30.11.2012");
  await parent.nextMessage(/В каком классе/, { timeoutMs });
  await parent.send("7");
  await parent.nextMessage(/Выберите область/, { timeoutMs });
  await parent.send("990140000304");
  await parent.nextMessage(/Найдено по запросу/, { timeoutMs });
  await parent.tap("Общеобразовательная школа №3 (ДЕМО)");
  await parent.nextMessage(/Шаг 4 из 5[\s\S]*номер заключения ВКК/, { timeoutMs });
}

const SCHOOLS_CSV = new URL("../../db/seed/schools-demo.csv", import.meta.url);

function lastMonth(): string {
  const d = new Date(Date.now() - 30 * 24 * 3600_000);
  return `${String(d.getUTCDate()).padStart(2, "0")}.${String(d.getUTCMonth() + 1).padStart(2, "0")}.${d.getUTCFullYear()}`;
}

describe.runIf(DATABASE_URL && REDIS_URL)("faults on the real stack", () => {
  for (const part of ["redis", "postgres"] as const) {
    it(`${part} going down mid-form: "temporarily unavailable, your answers are saved", then it resumes by itself`, async () => {
      const scratch = await createScratchPostgres(DATABASE_URL!);
      cleanup.push(() => scratch.drop());
      const pgProxy = await startTcpProxy(5432);
      const redisProxy = await startTcpProxy(6379);
      cleanup.push(() => pgProxy.close(), () => redisProxy.close());
      const dbUrl = new URL(scratch.url);
      dbUrl.port = String(pgProxy.port);
      const system = await startTestSystem({ env: { DATABASE_URL: dbUrl.toString(), REDIS_URL: `redis://127.0.0.1:${redisProxy.port}` } });
      cleanup.push(() => system.close());
      // Demo schools are loaded on PGlite only: give this database its directory.
      await system.database.db.execute("select 1" as never).catch(() => {});
      const parent = system.parent({ lang: "ru" });
      await toChildName(parent);

      const proxy = part === "redis" ? redisProxy : pgProxy;
      proxy.down();
      await parent.send("Сериков Арман");
      await parent.nextMessage(/временно недоступен, но ваши ответы сохранены/, { timeoutMs: 15_000 });
      proxy.up();
      // The parent answers again a little later: the same question takes the answer.
      let accepted = false;
      const replies: string[] = [];
      for (let i = 0; i < 20 && !accepted; i++) {
        await new Promise((r) => setTimeout(r, 500));
        await parent.send("Сериков Арман");
        const reply = await parent.nextMessage(undefined, { timeoutMs: 10_000 });
        replies.push(reply.text ?? "");
        accepted = /ИИН ребёнка/.test(reply.text ?? "");
      }
      expect(replies.join(" | ").slice(0, 3000)).toMatch(/ИИН ребёнка/);
      expect(accepted).toBe(true);
      const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
      const [app] = await listParentApplications(system.database.db, user!.id);
      expect(app!.form).toMatchObject({ parent: { fullName: "Серикова Дана Ерболовна" }, child: { fullName: "Сериков Арман" } });
    }, 120_000);
  }

  it("SIGKILL mid-form: after a restart the parent continues at the same question with every earlier answer", async () => {
    const parentBot = { token: "8100000001:sigkill-parent-token-aaaaaaaaaaa", username: "desk_kill_bot" };
    const providerBot = { token: "8100000002:sigkill-provider-token-bbbbbbbbbb", username: "desk_kill_staff_bot" };
    const emulator = createEmulator({ bots: [parentBot, providerBot] });
    const served = await serveEmulator(emulator);
    cleanup.push(() => served.close());
    const scratch = await createScratchPostgres(DATABASE_URL!);
    cleanup.push(() => scratch.drop());
    // The directory of schools, as an operator would import it.
    const db = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent" });
    const { importSchools } = await import("../../db/import-schools.ts");
    const { readFileSync } = await import("node:fs");
    await importSchools(db.db, readFileSync(new URL("../../db/seed/schools-demo.csv", import.meta.url), "utf8"));
    await db.close();

    const env = async () => ({
      BOT_TOKEN: parentBot.token,
      PROVIDER_BOT_TOKEN: providerBot.token,
      TELEGRAM_API_ROOT: served.url,
      DATABASE_URL: scratch.url,
      REDIS_URL: REDIS_URL!,
      PORT: String(await freePort()),
      LOG_LEVEL: "error",
    });
    // Known gap (bench/README run 5, docs/RELIABILITY.md): killing the bot process itself between
    // its reply and the write of the conversation's state leaves the conversation one question
    // behind the draft, and the next answer meets the previous question. Until a stage checks
    // the draft's question and not only its stage, this test kills the `tsx` wrapper, as it
    // always has, and the program finishes that write.
    let run: Run = runTs("main.ts", [], await env(), { tsxCli: true });
    cleanup.push(async () => run.child.kill("SIGKILL"));
    const userId = 700_000_000 + Math.floor(Math.random() * 100_000_000);
    const parent = tgUser(emulator, { id: userId, firstName: "Дана", lang: "ru", phone: "+77017770001" }).chatWith(parentBot.username);
    await toChildName(parent, 30_000);
    await parent.send("Сериков Арман");
    await parent.nextMessage(/ИИН ребёнка/, { timeoutMs: 10_000 });

    run.child.kill("SIGKILL");
    await run.exited;
    run = runTs("main.ts", [], await env(), { tsxCli: true });
    const childIin = makeIin("2016-04-04", "male", 3);
    await parent.send(childIin);
    await parent.nextMessage(/дату рождения/, { timeoutMs: 30_000 });
    await parent.send("04.04.2016");
    await parent.nextMessage(/В каком классе/, { timeoutMs: 10_000 });

    const check = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent", migrate: false });
    cleanup.push(() => check.close());
    const user = await findUserByTelegramId(check.db, userId);
    const [app] = await listParentApplications(check.db, user!.id);
    expect(app!.form).toMatchObject({ child: { fullName: "Сериков Арман", iin: childIin, birthDate: "2016-04-04" } });
    run.child.kill("SIGTERM");
    await run.exited;
  }, 180_000);

  it("postgres going down at a question of the form engine: the parent's first answer after it is back is taken", async () => {
    const scratch = await createScratchPostgres(DATABASE_URL!);
    cleanup.push(() => scratch.drop());
    const pgProxy = await startTcpProxy(5432);
    cleanup.push(() => pgProxy.close());
    const dbUrl = new URL(scratch.url);
    dbUrl.port = String(pgProxy.port);
    const system = await startTestSystem({ env: { DATABASE_URL: dbUrl.toString(), REDIS_URL: REDIS_URL! } });
    cleanup.push(() => system.close());
    const { importSchools } = await import("../../db/import-schools.ts");
    const { readFileSync } = await import("node:fs");
    await importSchools(system.database.db, readFileSync(SCHOOLS_CSV, "utf8"));
    const parent = system.parent({ lang: "ru" });
    await toConclusionNumber(parent);

    pgProxy.down();
    await parent.send("№ 125/К");
    await parent.nextMessage(/временно недоступен, но ваши ответы сохранены/, { timeoutMs: 15_000 });
    pgProxy.up();
    await parent.send("№ 125/К");
    await parent.nextMessage(/дату заключения ВКК/, { timeoutMs: 15_000 });
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const [app] = await listParentApplications(system.database.db, user!.id);
    expect(app!.form).toMatchObject({ fields: { "conclusion-number": "№ 125/К" } });
  }, 120_000);

  it("SIGKILL of the program itself right after it asked a question of the form engine: the next answer is taken as the answer to that question", async () => {
    const parentBot = { token: "8100000003:sigkill-parent-token-ccccccccccc", username: "desk_kill2_bot" };
    const providerBot = { token: "8100000004:sigkill-provider-token-dddddddddd", username: "desk_kill2_staff_bot" };
    const emulator = createEmulator({ bots: [parentBot, providerBot] });
    const served = await serveEmulator(emulator);
    cleanup.push(() => served.close());
    const scratch = await createScratchPostgres(DATABASE_URL!);
    cleanup.push(() => scratch.drop());
    const db = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent" });
    const { importSchools } = await import("../../db/import-schools.ts");
    const { readFileSync } = await import("node:fs");
    await importSchools(db.db, readFileSync(SCHOOLS_CSV, "utf8"));
    await db.close();
    const env = async () => ({
      BOT_TOKEN: parentBot.token,
      PROVIDER_BOT_TOKEN: providerBot.token,
      TELEGRAM_API_ROOT: served.url,
      DATABASE_URL: scratch.url,
      REDIS_URL: REDIS_URL!,
      PORT: String(await freePort()),
      LOG_LEVEL: "error",
    });
    // The program itself (one Node process, tsx as its loader), killed the moment its question is
    // on screen: whatever it meant to write after the reply is never written.
    let run: Run = runTs("main.ts", [], await env());
    cleanup.push(async () => run.child.kill("SIGKILL"));
    const userId = 700_000_000 + Math.floor(Math.random() * 100_000_000);
    const parent = tgUser(emulator, { id: userId, firstName: "Дана", lang: "ru", phone: "+77017770002" }).chatWith(parentBot.username);
    await toConclusionNumber(parent, 30_000);
    await parent.send("№ 125/К");
    await parent.nextMessage(/дату заключения ВКК/, { timeoutMs: 10_000 });

    run.child.kill("SIGKILL");
    await run.exited;
    run = runTs("main.ts", [], await env());
    const date = lastMonth();
    await parent.send(date);
    await parent.nextMessage(/Шаг 5 из 5[\s\S]*Документ 1 из 1/, { timeoutMs: 30_000 });

    const check = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent", migrate: false });
    cleanup.push(() => check.close());
    const user = await findUserByTelegramId(check.db, userId);
    const [app] = await listParentApplications(check.db, user!.id);
    const [d, m, y] = date.split(".");
    expect(app!.form).toMatchObject({ fields: { "conclusion-number": "№ 125/К", "conclusion-date": `${y}-${m}-${d}` } });
    run.child.kill("SIGTERM");
    await run.exited;
  }, 180_000);
});
