import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { data, patterns } from "#root/bot/provider/callbacks.ts";

/**
 * The staff bot's callback data is built and matched in `bot/provider/callbacks.ts` only, as the
 * parent bot's is: a button and the handler it needs cannot drift apart (a renamed prefix in one
 * file and not the other leaves a button that answers nothing, or another handler's).
 */
describe("the staff bot's callback data lives in one registry", () => {
  const root = new URL("../../../", import.meta.url);
  const sources = execFileSync("git", ["ls-files", "bot/provider/*.ts", "bot/shared/*.ts"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter((f) => f && f !== "bot/provider/callbacks.ts");

  it("no other file writes a button's data or pattern itself", () => {
    // A quoted or regex-anchored prefix followed by a colon and something that is not a space.
    const prefixes = "inbox|card|a|rr|ot|do|sg|si|sm|team|rp|rv|lang|in|bk";
    const literal = new RegExp(`["'\`^/](?:${prefixes}):(?![\\s"'\`])`);
    const offenders = sources.filter((f) => literal.test(readFileSync(new URL(f, root), "utf8")));
    expect(sources.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it("each order-in-bulk button matches its own pattern and no other's", () => {
    const all = Object.entries(patterns);
    const matching = (d: string) => all.filter(([, p]) => p.test(d)).map(([k]) => k);
    expect(matching(data.bulkQueue("enrolment"))).toEqual(["bulkQueue"]);
    expect(matching(data.bulkQueue("enrolment", 3))).toEqual(["bulkQueue"]);
    expect(patterns.bulkQueue.exec(data.bulkQueue("enrolment", 3))?.slice(1)).toEqual(["enrolment", "3"]);
    expect(matching(data.bulkEnrol("enrolment"))).toEqual(["bulkEnrol"]);
    expect(matching(data.bulkPlaces("enrolment"))).toEqual(["bulkPlaces"]);
    expect(matching(data.bulkRefuse("enrolment"))).toEqual(["bulkRefuse"]);
    for (const button of ["all", "yes", "no"] as const)
      expect(patterns.bulkDialog.exec(data.bulkDialog(button, "AbC-12_x"))?.slice(1)).toEqual([button, "AbC-12_x"]);
    expect(matching(data.bulkDialog("no", "AbC-12_x"))).toEqual(["bulkDialog"]);
  });

  it("a signing's button names a session id the database can look up: a longer number is no signing's (not a failed query)", () => {
    expect(patterns.signMobile.exec(data.signMobile(123456789))?.[1]).toBe("123456789");
    for (const forged of ["sm:2147483648", "sm:999999999999", "sm:-1", "sm:"]) expect(forged).not.toMatch(patterns.signMobile);
  });
});
