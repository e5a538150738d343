/**
 * Cost against form length. The form is data now (flows/form/questions.ts): an answer is the
 * engine's pure check (`nextQuestion`, `applyAnswer`), one guarded UPDATE (`keepAnswer`, db/queries/
 * form.ts) and the next question computed from the row it returned; nothing is replayed. An
 * answer late in a long form should cost what an early one does, give or take the engine's scan
 * over the questions (linear in their number, microseconds). Two measurements:
 *
 *  1. A bench-only service of 40 text fields (the meals service with its fields and documents
 *     replaced: `questionsFor` takes any ServiceDefinition, so no registry change), on a real
 *     draft in PostgreSQL: the answer at every step, as the parent bot handles it — the draft
 *     read (`getApplication`), the answer checked against the question it is at (`applyAnswer`),
 *     kept by `keepAnswer` guarded by the question's place and the draft's version, and the next
 *     question computed from the row returned (`nextQuestion`). Wall and CPU ms per answer; and
 *     the engine alone (`nextQuestion` + `applyAnswer`, no I/O) in µs. (Until run 11 the bot
 *     also had a "quick" path that kept typed answers without the read; it is gone.)
 *  2. The real meals application through the real parent bot: the Redis bytes (session +
 *     conversation) held for one parent after every update.
 *
 *   npx tsx bench/form-length.ts [parents=20] [questions=40]
 */
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { createDraft, getApplication, type Application } from "#root/db/queries/applications.ts";
import { keepAnswer } from "#root/db/queries/form.ts";
import { registerParent } from "#root/db/queries/users.ts";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import { applyAnswer, nextQuestion, type Question } from "#root/flows/form/engine.ts";
import type { FieldDef } from "#root/flows/form.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService, type ServiceDefinition } from "#root/flows/services/index.ts";
import { formOf } from "#root/flows/statement.ts";
import { FakeTelegram } from "./lib/fake-telegram.ts";
import { completeMealsApplication, phoneOf } from "./lib/meals-script.ts";
import { SimParent, type Sample } from "./lib/sim-parent.ts";
import { fakeParentBot, openStack, type BenchStack } from "./lib/stack.ts";
import { distribution, pool, printTable, round } from "./lib/stats.ts";

export interface FormLengthFigures {
  questions: number;
  parents: number;
  /** Per answered field: median wall and CPU ms over parents; the engine alone in µs. */
  steps: Array<{ step: number; wall: number; cpu: number; engineUs: number }>;
  /** CPU of the answer at the last step ÷ at step 5 (target ≤ 1.2); the engine alone. */
  cpuRatio: number;
  engineRatio: number;
  wallRatio: number;
  /** Bytes of the draft's answers (`applications.form`, JSON) with every field answered. */
  formBytes: number;
  /** The real meals application: Redis bytes for one parent's chat after each update. */
  meals: Array<{ step: string; bytes: number; keys: number }>;
  mealsMaxBytes: number;
  /** Update-claim keys (one per update, kept a day) the real bot wrote for that one application. */
  mealsClaimKeys: number;
}

/** The meals service with `n` text fields of its own and no documents: a long form, for this bench only. */
export function longService(n: number): ServiceDefinition {
  const fields = Array.from(
    { length: n },
    (_, i): FieldDef => ({ kind: "text", id: `q${i + 1}`, label: "apply-child-ask-name", format: "fullName" }),
  );
  return { ...getService("meals"), id: `bench-long-${n}`, fields, documents: [] };
}

const ANSWER = "Ответов Ответ Ответович";
const NOW = () => new Date();

/** The parent, child and school answers of a draft at its first field (what the bot keeps before). */
function commonAnswers(i: number, schoolId: number): FormAnswers {
  return {
    parent: { fullName: "Петрова Анна Сергеевна", iin: makeIin("1988-07-14", "female", 21), phone: phoneOf(3_000_000 + i) },
    child: { fullName: "Петров Алихан Маратович", iin: makeIin("2015-03-09", "male", 10 + i), birthDate: "2015-03-09", grade: 5 },
    school: { schoolId },
  };
}

/** Time `fn`: wall and CPU ms. */
async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wall, cpu: (c.user + c.system) / 1000 };
}

/** The engine alone at each step: µs per `nextQuestion` + `applyAnswer`, median of 20 rounds of 300 (the first 5 dropped). */
function engineAlone(service: ServiceDefinition, base: FormAnswers, questions: number): number[] {
  const lang = "ru" as const;
  const out: number[] = [];
  let form = base;
  for (let n = 0; n < questions; n++) {
    const q = nextQuestion(service, form) as Question;
    const rounds: number[] = [];
    for (let r = 0; r < 25; r++) {
      const t0 = performance.now();
      for (let k = 0; k < 300; k++) {
        const next = nextQuestion(service, form);
        if (next.kind === "review") throw new Error("form-length: the long form ended early");
        applyAnswer(service, form, next.id, { text: ANSWER }, { lang, now: NOW() });
      }
      rounds.push(((performance.now() - t0) * 1000) / 300);
    }
    out.push(distribution(rounds.slice(5)).p50);
    form = { ...form, fields: { ...form.fields, [q.id]: ANSWER } };
  }
  return out;
}

async function engineOnDatabase(stack: BenchStack, parents: number, questions: number) {
  const db = stack.deps.db;
  const service = longService(questions);
  const [school] = (await db.execute(sql`select id from schools order by id limit 1`)) as unknown as Array<{ id: number }>;
  const read = { wall: Array.from({ length: questions }, (): number[] => []), cpu: Array.from({ length: questions }, (): number[] => []) };
  let formBytes = 0;

  const runParent = async (i: number, measured: boolean) => {
    const id = 3_000_000 + i + (measured ? 0 : 1000);
    const user = await registerParent(db, {
      telegramId: id,
      phone: phoneOf(id),
      fullName: "Петрова Анна Сергеевна",
      iin: makeIin("1988-07-14", "female", 21),
      lang: "ru",
    });
    let app: Application = await createDraft(db, {
      serviceId: "meals",
      parentId: user.id,
      lang: "ru",
      now: NOW(),
      form: commonAnswers(i, school!.id) as Application["form"],
    });
    let q = nextQuestion(service, formOf(app), NOW());
    for (let n = 0; n < questions; n++) {
      if (q.kind === "review" || q.id !== `q${n + 1}`)
        throw new Error(`form-length: at step ${n + 1} the engine asks ${q.kind === "review" ? "the review" : q.id}`);
      const asked = q;
      const t = await timed(async () => {
        const draft = (await getApplication(db, app.id))!;
        const result = applyAnswer(service, formOf(draft), asked.id, { text: ANSWER }, { lang: "ru", now: NOW() });
        if (!result.ok) throw new Error(`form-length: answer refused: ${result.error}`);
        const { patch } = result;
        const row = await keepAnswer(db, {
          applicationId: draft.id,
          parentId: draft.parentId,
          guard: patch.path,
          writes: [{ path: patch.path, value: patch.value }, ...patch.derived],
          version: draft.version,
          now: NOW(),
        });
        if (!row) throw new Error("form-length: the answer was not kept");
        return { row, next: nextQuestion(service, formOf(row), NOW()) };
      });
      app = t.value.row;
      q = t.value.next;
      if (measured) {
        read.wall[n]!.push(t.wall);
        read.cpu[n]!.push(t.cpu);
      }
    }
    if (q.kind !== "review") throw new Error("form-length: the form did not end at the review");
    formBytes = Buffer.byteLength(JSON.stringify(app.form));
  };
  await pool(3, 1, (i) => runParent(i, false)); // warm-up
  await pool(parents, 1, (i) => runParent(i, true));
  const engine = engineAlone(service, commonAnswers(0, school!.id), questions);
  const steps = Array.from({ length: questions }, (_, n) => ({
    step: n + 1,
    wall: distribution(read.wall[n]!).p50,
    cpu: distribution(read.cpu[n]!).p50,
    engineUs: round(engine[n]!, 1),
  }));
  return { steps, formBytes };
}

export async function runFormLengthBench(opts: { parents?: number; questions?: number } = {}): Promise<FormLengthFigures> {
  const parents = opts.parents ?? 20;
  const questions = Math.max(6, opts.questions ?? 40);
  const stack = await openStack({ sessions: "redis" });
  try {
    const { steps, formBytes } = await engineOnDatabase(stack, parents, questions);
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
      cpuRatio: round(at(questions).cpu / at(5).cpu),
      engineRatio: round(at(questions).engineUs / at(5).engineUs),
      wallRatio: round(at(questions).wall / at(5).wall),
      formBytes,
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
  printTable(
    `Cost against form length: a ${f.questions}-field form on the engine (answer → ` +
      `read → applyAnswer → keepAnswer → nextQuestion, PostgreSQL), median of ${f.parents} parents, one at a time`,
    pick.map((n) => {
      const s = f.steps[n - 1]!;
      return {
        "answer at step": n,
        "wall ms": s.wall,
        "cpu ms": s.cpu,
        "engine alone µs": s.engineUs,
      };
    }),
  );
  console.log(
    `  step ${f.questions} / step 5: CPU ×${f.cpuRatio}; wall ×${f.wallRatio}; engine alone ×${f.engineRatio} ` +
      `(target ≤ 1.2: ${f.cpuRatio <= 1.2 ? "met" : "NOT met"})`,
  );
  console.log(`  the draft's answers with every field answered: ${f.formBytes} bytes of JSON in applications.form (no conversation state)`);
  printTable(
    "The real meals application: Redis bytes (session + conversation) for one parent after each update",
    f.meals.map((m) => ({ after: m.step, keys: m.keys, bytes: m.bytes })),
  );
  console.log(
    `  largest: ${f.mealsMaxBytes} bytes (target ≤ 4096: ${f.mealsMaxBytes <= 4096 ? "met" : "NOT met"}); ` +
      `plus ${f.mealsClaimKeys} update-claim keys (one per update, 1-day TTL)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printFormLength(await runFormLengthBench({ parents: Number(process.argv[2] ?? 20), questions: Number(process.argv[3] ?? 40) }));
}
