/**
 * Where the SQL statements of one meals application go: one parent at a time (after a warm-up
 * parent), every statement each step sends, grouped by what it does — and what is sent between
 * two updates (work an update started off its own time, such as the statement rendered ahead
 * at the review), under "<step> (off the update)". Counts, not timings.
 *
 *   npx tsx bench/statements.ts [parents=2] [--sql]   (--sql prints every statement's text)
 */
import { pathToFileURL } from "node:url";
import { FakeTelegram } from "./lib/fake-telegram.ts";
import { completeMealsApplication } from "./lib/meals-script.ts";
import { SimParent } from "./lib/sim-parent.ts";
import { fakeParentBot, openStack } from "./lib/stack.ts";
import { printTable, round } from "./lib/stats.ts";

/** A statement's kind: the table it reads or writes, and how (BEGIN/COMMIT on their own). */
export function kindOf(text: string): string {
  const t = text.replace(/\s+/g, " ").trim().toLowerCase();
  if (/^(begin|commit|rollback|savepoint|release)/.test(t)) return t.split(" ")[0]!;
  // A statement of several writes (CTEs): named by its first write.
  if (t.startsWith("with ")) return `with ${/(?:insert into|update|delete from) "?([a-z_]+)"?/.exec(t)?.[1] ?? "select"}…`;
  const verb = t.split(" ")[0]!;
  const table =
    /^(?:with .*?\) )?(?:insert into|update|delete from) "?([a-z_]+)"?/.exec(t)?.[1] ?? / from "?([a-z_]+)"?/.exec(t)?.[1] ?? "?";
  return `${verb} ${table}`;
}

export interface StatementBreakdown {
  parents: number;
  perStep: Array<{ step: string; statements: number; kinds: Record<string, number> }>;
  total: number;
  byKind: Record<string, number>;
  texts: Array<{ step: string; text: string }>;
}

export async function runStatementsBench(parents = 2): Promise<StatementBreakdown> {
  const stack = await openStack({ sessions: "redis" });
  const fake = new FakeTelegram();
  const { bot, restore } = await fakeParentBot(stack, fake);
  const perStep = new Map<string, { statements: number; kinds: Record<string, number> }>();
  const byKind: Record<string, number> = {};
  const texts: StatementBreakdown["texts"] = [];
  try {
    await completeMealsApplication(new SimParent(880_000, bot as never, fake, undefined)); // warm-up
    const add = (label: string, sent: string[], id: number, always = false) => {
      if (sent.length === 0 && !always) return;
      const step = perStep.get(label) ?? { statements: 0, kinds: {} };
      perStep.set(label, step);
      step.statements += sent.length / parents;
      for (const text of sent) {
        const k = kindOf(text);
        step.kinds[k] = (step.kinds[k] ?? 0) + 1 / parents;
        byKind[k] = (byKind[k] ?? 0) + 1 / parents;
        if (id === 890_000)
          texts.push({
            step: label,
            text: text
              .replace(/\s+/g, " ")
              .replace(/^select .*? from /, "select … from ")
              .slice(0, 200),
          });
      }
    };
    // Recording stays on for the whole application: what is sent between two updates (the
    // statement rendered ahead while the review is read) counts too, under the update that
    // started it, marked "off the update".
    class Recording extends SimParent {
      last = "(before /start)";
      override async feed(label: string, update: Parameters<SimParent["feed"]>[1]): Promise<void> {
        add(`${this.last} (off the update)`, stack.recordStatements(true), this.id);
        await super.feed(label, update);
        add(label, stack.recordStatements(true), this.id, true);
        this.last = label;
      }
    }
    for (let i = 0; i < parents; i++) {
      const p = new Recording(890_000 + i, bot as never, fake, undefined);
      stack.recordStatements(true);
      await completeMealsApplication(p);
      await new Promise((r) => setTimeout(r, 100)); // anything still under way after the last update
      add(`${p.last} (off the update)`, stack.recordStatements(false), p.id);
    }
  } finally {
    restore();
    await stack.close();
  }
  const steps = [...perStep].map(([step, s]) => ({ step, ...s }));
  return { parents, perStep: steps, total: steps.reduce((a, s) => a + s.statements, 0), byKind, texts };
}

export function printStatements(b: StatementBreakdown, withSql = false): void {
  const fmt = (kinds: Record<string, number>) =>
    Object.entries(kinds)
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k}${round(n, 1) === 1 ? "" : ` ×${round(n, 1)}`}`)
      .join(", ");
  printTable(
    `SQL statements per step of one meals application (mean of ${b.parents} parents, one at a time)`,
    b.perStep.map((s) => ({ step: s.step, SQL: round(s.statements, 1), what: fmt(s.kinds) })),
  );
  printTable(
    "By kind, per application",
    Object.entries(b.byKind)
      .sort((x, y) => y[1] - x[1])
      .map(([kind, n]) => ({ kind, statements: round(n, 1) })),
  );
  const updates = b.perStep.filter((s) => !s.step.endsWith("(off the update)")).length;
  console.log(
    `  SQL statements per application: ${round(b.total, 1)} (${round(b.total / Math.max(1, updates), 2)} per update, ${updates} updates)`,
  );
  if (withSql) for (const t of b.texts) console.log(`  [${t.step}] ${t.text}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const parents = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 2);
  printStatements(await runStatementsBench(parents), process.argv.includes("--sql"));
}
