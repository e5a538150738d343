import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * Every query is written in `db/queries`: a newcomer looking for how the system reads or writes
 * a table finds it there, and flows and bots only call named functions. Transactions may be
 * opened by a flow (`db.transaction`) to keep its writes together; the statements inside are
 * still `db/queries` functions.
 */
describe("SQL lives in db/", () => {
  const root = new URL("../../", import.meta.url);
  const sources = execFileSync("git", ["ls-files", "*.ts"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => f && !/^(db|test|bench)\//.test(f) && f !== "drizzle.config.ts");

  it("no flow, bot or route builds a query itself", () => {
    const builds = /from "drizzle-orm|\b(?:db|tx)\s*\.\s*(?:select|selectDistinct|insert|update|delete|execute)\(|\bsql`/;
    const offenders = sources.filter((f) => builds.test(readFileSync(new URL(f, root), "utf8")));
    expect(offenders).toEqual([]);
  });
});
