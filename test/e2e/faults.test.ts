/**
 * Faults a real deployment meets: Redis or PostgreSQL going away in the middle of a form, and
 * the process killed with SIGKILL. The parent is told the service is temporarily unavailable,
 * loses no answer, and continues by itself once the part is back.
 */
import { afterAll, describe, expect, it } from "vitest";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { createEmulator } from "#root/api/playground/index.ts";
import { openDatabase } from "#root/db/client.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "#root/test/helpers/databases.ts";
import { freePort, runTs, type Run } from "#root/test/helpers/process.ts";
import { startTcpProxy } from "#root/test/helpers/tcp-proxy.ts";
import { startTestSystem } from "#root/test/helpers/system.ts";
import { serveEmulator, tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

/** /start → Russian → consent → phone → name → IIN → meals → email skipped → child's name asked. */
async function toChildName(parent: TgChat, timeoutMs = 10_000): Promise<void> {
  await parent.send("/start");
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
  await parent.nextMessage(/по кнопке «Подробнее»/, { timeoutMs });
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/фамилию, имя и отчество ребёнка/, { timeoutMs });
}

describe.runIf(DATABASE_URL && REDIS_URL)("faults on the real stack", () => {
  for (const part of ["redis", "postgres"] as const) {
    it(`${part} going down mid-form: "temporarily unavailable, your answers are saved", then it resumes by itself`, async () => {
      const scratch = await createScratchPostgres(DATABASE_URL!);
      cleanup.push(() => scratch.drop());
      const pgProxy = await startTcpProxy(5432);
      const redisProxy = await startTcpProxy(6379);
      cleanup.push(
        () => pgProxy.close(),
        () => redisProxy.close(),
      );
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
      if (part === "postgres") {
        // The draft is the form's only state: the parent's first answer once PostgreSQL is back
        // is taken, not met with "let's continue where you were".
        await parent.send("Сериков Арман");
        await parent.nextMessage(/ИИН ребёнка/, { timeoutMs: 15_000 });
        const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
        const [app] = await listParentApplications(system.database.db, user!.id);
        expect(app!.form).toMatchObject({ child: { fullName: "Сериков Арман" } });
        return;
      }
      // Redis: the client reconnects with a backoff; the parent answers again a little later.
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

  it("SIGKILL of the program mid-form, right after it asked a question: after a " +
    "restart the parent's next answer is taken as the answer to that question", async () => {
    const parentBot = { token: "8100000001:sigkill-parent-token-aaaaaaaaaaa", username: "desk_kill_bot" };
    const providerBot = { token: "8100000002:sigkill-provider-token-bbbbbbbbbb", username: "desk_kill_staff_bot" };
    const emulator = createEmulator({ bots: [parentBot, providerBot] });
    const served = await serveEmulator(emulator);
    cleanup.push(() => served.close());
    const scratch = await createScratchPostgres(DATABASE_URL!);
    cleanup.push(() => scratch.drop());
    // The directory of schools, as an operator would import it.
    const db = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent" });
    const { importSchools } = await import("#root/db/import-schools.ts");
    const { readFileSync } = await import("node:fs");
    await importSchools(db.db, readFileSync(new URL("../../db/seed/schools-demo.csv", import.meta.url), "utf8"));
    await db.close();

    const env = async () => {
      const port = await freePort();
      return {
        BOT_TOKEN: parentBot.token,
        PROVIDER_BOT_TOKEN: providerBot.token,
        TELEGRAM_API_ROOT: served.url,
        DATABASE_URL: scratch.url,
        REDIS_URL: REDIS_URL!,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: "error",
      };
    };
    // The program itself (one Node process, tsx as its loader), killed the moment its question is
    // on screen: whatever it meant to write after the reply is never written. The draft is the
    // only state of the form, so nothing of the question is lost with it.
    let run: Run = runTs("main.ts", [], await env());
    cleanup.push(async () => run.child.kill("SIGKILL"));
    const userId = 700_000_000 + Math.floor(Math.random() * 100_000_000);
    const parent = tgUser(emulator, { id: userId, firstName: "Дана", lang: "ru", phone: "+77017770001" }).chatWith(parentBot.username);
    await toChildName(parent, 30_000);
    await parent.send("Сериков Арман");
    await parent.nextMessage(/ИИН ребёнка/, { timeoutMs: 10_000 });

    run.child.kill("SIGKILL");
    await run.exited;
    run = runTs("main.ts", [], await env());
    const childBorn = bornForGrade(4);
    const childIin = makeIin(childBorn, "male", 3);
    await parent.send(childIin);
    await parent.nextMessage(/В каком классе/, { timeoutMs: 30_000 });

    const check = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent", migrate: false });
    cleanup.push(() => check.close());
    const user = await findUserByTelegramId(check.db, userId);
    const [app] = await listParentApplications(check.db, user!.id);
    expect(app!.form).toMatchObject({ child: { fullName: "Сериков Арман", iin: childIin, birthDate: childBorn } });
    run.child.kill("SIGTERM");
    await run.exited;
  }, 180_000);
});
