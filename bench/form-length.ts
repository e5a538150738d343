/**
 * Cost against form length. @grammyjs/conversations v2 replays a conversation from its start
 * on every update and keeps every update it saw, so an answer late in a long stage may cost
 * more (CPU, Redis bytes) than an early one. Two measurements:
 *
 *  1. A synthetic 40-question stage, run by the bot's own stage machinery — `ask()` and
 *     `keepAnswers()` inside a conversation with the parent bot's conversation storage
 *     (Redis, key per chat, version 1) — exactly what `fieldsStage` does for a service's
 *     fields. The service registry (flows/services/index.ts) cannot take a bench-only
 *     ServiceDefinition without a code change (see bench/README.md), so the stage loop is
 *     mirrored here over 40 text fields instead of going through `getService`.
 *     Handler wall and CPU time per answer at steps 5 and 40; conversation state bytes.
 *  2. The real meals application through the real parent bot: the Redis bytes held for one
 *     application in progress, after every update.
 *
 *   npx tsx bench/form-length.ts [parents=20] [questions=40]
 */
import { pathToFileURL } from "node:url";
import { conversations, createConversation } from "@grammyjs/conversations";
import { Bot, type Context } from "grammy";
import { ask, currentUpdateId, say, type Step } from "../bot/parent/apply/ask.ts";
import { keepAnswers, loadDraft } from "../bot/parent/apply/draft.ts";
import { clearScratch } from "../bot/parent/apply/scratch.ts";
import type { ParentContext, ParentConversation, StageContext } from "../bot/parent/context.ts";
import { translator } from "../bot/parent/texts.ts";
import { createI18n } from "../bot/shared/i18n.ts";
import { createDraft, getApplication } from "../db/queries/applications.ts";
import { recordConsent, registerParent } from "../db/queries/users.ts";
import { validateField, type FieldDef } from "../flows/form.ts";
import { makeIin } from "../flows/iin.ts";
import { formOf } from "../flows/statement.ts";
import { BOT_USER, FAKE_API_ROOT, FAKE_TOKEN, FakeTelegram } from "./lib/fake-telegram.ts";
import { completeMealsApplication, phoneOf } from "./lib/meals-script.ts";
import { SimParent, type Sample } from "./lib/sim-parent.ts";
import { fakeParentBot, openStack, type BenchStack } from "./lib/stack.ts";
import { distribution, pool, printTable, round } from "./lib/stats.ts";

export interface FormLengthFigures {
  questions: number;
  parents: number;
  /** Per answered step: wall and CPU ms (median over parents), conversation state bytes. */
  steps: Array<{ step: number; wallP50: number; cpuP50: number; stateBytes: number; memoryUsage: number }>;
  /**
   * CPU of an answer late in the stage ÷ at step 5 (target ≤ 1.2): at the last step, and at
   * the one before it — the last answer ends the conversation (its state is deleted, not
   * written), so the one before is the fairer picture of "step 40 of a longer form".
   */
  cpuRatio: number;
  cpuRatioBeforeLast: number;
  wallRatio: number;
  /** The real meals application: Redis bytes for one parent's chat after each update. */
  meals: Array<{ step: string; bytes: number; keys: number }>;
  mealsMaxBytes: number;
  /** Update-claim keys (one per update, kept a day) the real bot wrote for that one application. */
  mealsClaimKeys: number;
}

const SYNTHETIC_FIELD = (i: number): FieldDef => ({ kind: "text", id: `q${i + 1}`, label: "apply-child-ask-name", format: "fullName" }) as FieldDef;

/** A bench bot with the parent bot's conversation storage and one 40-question stage. */
async function syntheticStageBot(stack: BenchStack, fake: FakeTelegram, questions: number) {
  const bot = new Bot<ParentContext>(FAKE_TOKEN, { botInfo: BOT_USER, client: { apiRoot: FAKE_API_ROOT } });
  (bot as unknown as { clientConfig: { fetch?: unknown } }).clientConfig.fetch = fake.fetch;
  bot.api.config.use(fake.transformer);
  const i18n = createI18n<ParentContext>(() => "ru");
  const tr = translator(i18n, "ru");
  const fields = Array.from({ length: questions }, (_, i) => SYNTHETIC_FIELD(i));
  bot.use(async (ctx, next) => {
    try {
      await next();
    } finally {
      clearScratch(ctx.update.update_id);
    }
  });
  bot.use(
    conversations<ParentContext, Context>({
      storage: { type: "key", version: 1, adapter: stack.sessions.adapter("parent:conv:"), getStorageKey: (ctx) => ctx.chatId?.toString() },
    }) as never,
  );
  // The body of fieldsStage (bot/parent/apply/stage-fields.ts) over the synthetic fields: skip
  // what the draft has, ask, keep the answer, then start afresh at the next question (what the
  // parent bot's stage conversation does through `step.answered` and the advance middleware).
  const restart = new Map<number, string>();
  async function longStage(conversation: ParentConversation, ctx: StageContext, args: { appId: string }) {
    const step: Step = { conversation, ctx, lang: "ru", tr, api: bot.api };
    const draft = (await loadDraft(step, stack.deps.db, args.appId))!;
    const answered = draft.form.fields ?? {};
    for (const [n, field] of fields.entries()) {
      if (answered[field.id] !== undefined) continue;
      const a = await ask(step, { text: `<b>Шаг 4 из 5</b> · ${n + 1}/${fields.length}\n\n${tr(field.label)}`, validate: (t) => validateField(field, t, "ru") });
      await keepAnswers(step, stack.deps.db, draft, "fields", { [field.id]: a.kind === "text" ? a.value : "" });
      if (n < fields.length - 1) {
        restart.set(currentUpdateId(step), args.appId);
        await conversation.halt({ next: true });
      }
    }
    await say(step, "done");
  }
  bot.use(createConversation(longStage as never, "long-stage"));
  bot.use(async (ctx, next) => {
    const appId = restart.get(ctx.update.update_id);
    if (appId === undefined) return next();
    restart.delete(ctx.update.update_id);
    await ctx.conversation.enter("long-stage", { appId });
  });
  bot.command("go", async (ctx) => {
    await ctx.conversation.enter("long-stage", { appId: ctx.match });
  });
  await bot.init();
  return bot;
}

async function keyBytes(stack: BenchStack, key: string): Promise<{ bytes: number; memory: number }> {
  const bytes = await stack.redis.strlen(key);
  const memory = Number((await stack.redis.call("MEMORY", "USAGE", key)) ?? 0);
  return { bytes, memory };
}

export async function runFormLengthBench(opts: { parents?: number; questions?: number } = {}): Promise<FormLengthFigures> {
  const parents = opts.parents ?? 20;
  const questions = opts.questions ?? 40;
  const stack = await openStack({ sessions: "redis" });
  const fake = new FakeTelegram();
  try {
    const bot = await syntheticStageBot(stack, fake, questions);
    const wall: number[][] = Array.from({ length: questions }, () => []);
    const cpu: number[][] = Array.from({ length: questions }, () => []);
    const state: Array<{ bytes: number; memory: number }> = [];
    const runParent = async (i: number, measured: boolean) => {
      const id = 2_000_000 + i + (measured ? 0 : 500);
      const user = await registerParent(stack.deps.db, { telegramId: id, phone: phoneOf(id), fullName: "Петрова Анна Сергеевна", iin: makeIin("1988-07-14", "female", 21), lang: "ru" });
      await recordConsent(stack.deps.db, id, new Date());
      const draft = await createDraft(stack.deps.db, { serviceId: "meals", parentId: user.id, lang: "ru", now: new Date() });
      const p = new SimParent(id, bot as never, fake, undefined);
      await p.send(`/go ${draft.id}`, "/go");
      for (let n = 0; n < questions; n++) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await p.send(`Ответов Ответ Ответович`, `q${n + 1}`);
        const ms = performance.now() - t0;
        const c = process.cpuUsage(c0);
        if (measured) {
          wall[n]!.push(ms);
          cpu[n]!.push((c.user + c.system) / 1000);
          // State after answering question n+1 (the conversation is gone after the last one).
          if (i === 0) state.push(await keyBytes(stack, `${stack.redisPrefix}parent:conv:${id}`));
        }
      }
      p.expect(/done/);
    };
    await pool(3, 1, (i) => runParent(i, false)); // warm-up
    await pool(parents, 1, (i) => runParent(i, true));
    const steps = wall.map((w, n) => ({
      step: n + 1,
      wallP50: distribution(w).p50,
      cpuP50: distribution(cpu[n]!).p50,
      stateBytes: state[n]?.bytes ?? 0,
      memoryUsage: state[n]?.memory ?? 0,
    }));
    const at = (n: number) => steps[Math.min(n, questions) - 1]!;

    // The real parent bot: bytes in Redis for one parent's chat after every update of the meals application.
    const real = new FakeTelegram();
    const { bot: parentBot, restore } = await fakeParentBot(stack, real);
    const meals: FormLengthFigures["meals"] = [];
    try {
      const id = 2_100_000;
      const samples: Sample[] = [];
      const p = new SimParent(id, parentBot as never, real, samples);
      const origFeed = p.feed.bind(p);
      p.feed = async (label, update) => {
        await origFeed(label, update);
        let bytes = 0;
        let keys = 0;
        for (const kind of ["parent:session:", "parent:conv:"]) {
          const k = `${stack.redisPrefix}${kind}${id}`;
          const n = await stack.redis.strlen(k);
          if (n > 0) keys++;
          bytes += n;
        }
        meals.push({ step: label, bytes, keys });
      };
      await completeMealsApplication(p);
    } finally {
      restore();
    }
    let claimKeys = 0;
    let cursor = "0";
    do {
      const [next, found] = await stack.redis.scan(cursor, "MATCH", `update:${stack.redisPrefix}*`, "COUNT", 1000);
      cursor = next;
      claimKeys += found.length;
    } while (cursor !== "0");

    return {
      questions,
      parents,
      steps,
      cpuRatio: round(at(questions).cpuP50 / at(5).cpuP50),
      cpuRatioBeforeLast: round(at(questions - 1).cpuP50 / at(5).cpuP50),
      wallRatio: round(at(questions).wallP50 / at(5).wallP50),
      meals,
      mealsMaxBytes: Math.max(...meals.map((m) => m.bytes)),
      mealsClaimKeys: claimKeys,
    };
  } finally {
    await stack.close();
  }
}

export function printFormLength(f: FormLengthFigures): void {
  const pick = [1, 5, 10, 20, 30, f.questions - 1, f.questions].filter((n, i, a) => n >= 1 && n <= f.questions && a.indexOf(n) === i);
  printTable(`Cost against form length: a ${f.questions}-question stage (ask + keepAnswers in a conversation, Redis), median of ${f.parents} parents, one at a time`, pick.map((n) => {
    const s = f.steps[n - 1]!;
    return { "answer at step": n, "wall ms": s.wallP50, "cpu ms": s.cpuP50, "state bytes after (STRLEN)": s.stateBytes || "(ended)", "MEMORY USAGE": s.memoryUsage || "(ended)" };
  }));
  const worst = Math.max(f.cpuRatio, f.cpuRatioBeforeLast);
  console.log(`  step ${f.questions} / step 5: CPU ×${f.cpuRatio} (step ${f.questions - 1}: ×${f.cpuRatioBeforeLast}), wall ×${f.wallRatio} (target ≤ 1.2: ${worst <= 1.2 ? "met" : "NOT met"})`);
  const maxState = Math.max(...f.steps.map((s) => s.stateBytes));
  console.log(`  largest conversation state in the long stage: ${maxState} bytes (target ≤ 4096: ${maxState <= 4096 ? "met" : "NOT met"})`);
  printTable("The real meals application: Redis bytes (session + conversation) for one parent after each update", f.meals.map((m) => ({ "after": m.step, keys: m.keys, bytes: m.bytes })));
  console.log(`  largest: ${f.mealsMaxBytes} bytes (target ≤ 4096: ${f.mealsMaxBytes <= 4096 ? "met" : "NOT met"}); plus ${f.mealsClaimKeys} update-claim keys (one per update, 1-day TTL)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFormLength(await runFormLengthBench({ parents: Number(process.argv[2] ?? 20), questions: Number(process.argv[3] ?? 40) }));
}
