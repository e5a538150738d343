import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { data, patterns, promptData, schoolMoveData, schoolMoveOf } from "#root/bot/parent/callbacks.ts";
import type { PromptAction } from "#root/flows/form/prompts.ts";
import type { SchoolMove } from "#root/flows/form/schools.ts";

/**
 * The parent bot's callback data is built and matched in `bot/parent/callbacks.ts` only: a button
 * and the handler it needs cannot drift apart (a renamed prefix in one file and not the other
 * leaves a button that answers nothing).
 */
describe("the parent bot's callback data lives in one registry", () => {
  const root = new URL("../../../", import.meta.url);
  const sources = execFileSync(
    "git",
    ["ls-files", "bot/parent/*.ts", "bot/support/*.ts", "bot/shared/delivery.ts", "bot/shared/notices.ts"],
    {
      cwd: root,
      encoding: "utf8",
    },
  )
    .split("\n")
    .filter((f) => f && f !== "bot/parent/callbacks.ts");

  it("no other file writes a button's data or pattern itself", () => {
    // A quoted or regex-anchored prefix followed by a colon and something that is not a space ("support: could not…" is a log line).
    const prefixes = "sg|rv|dr|apply|my|c|d|f|s|svc|rate|ratec|lang|consent|privacy|support|sup|inbox";
    const literal = new RegExp(`["'\`^](?:${prefixes}):(?![\\s"'\`])|["'\`]catalog["'\`]|["'\`]c:["'\`]`);
    const offenders = sources.filter((f) => literal.test(readFileSync(new URL(f, root), "utf8")));
    expect(sources.length).toBeGreaterThan(20);
    expect(offenders).toEqual([]);
  });

  it("each button matches its own pattern and no other's", () => {
    const id = "0b6f3c1e-2a4d-4e5f-8a9b-0c1d2e3f4a5b";
    expect(data.send(id)).toMatch(patterns.send);
    expect(data.send(id)).not.toMatch(patterns.resume);
    expect(data.myCancelYes(id, 3)).toMatch(patterns.myCancelYes);
    expect(data.myCancelYes(id, 3)).not.toMatch(patterns.myCancel);
    expect(data.sign("paper", id)).toMatch(patterns.sign.paper);
    expect(data.sign("paper", id)).toMatch(patterns.signAny);
    expect(data.serviceMore("meals")).not.toMatch(patterns.service);
    expect(data.rate(id, 5)).toMatch(patterns.rate);
    expect(data.school(12)).toMatch(patterns.form);
    expect(`apply:send:${id.toUpperCase()}`).not.toMatch(patterns.send);
  });

  it("a school list's button leads where it was made to, and a forged one nowhere", () => {
    const moves: SchoolMove[] = [
      { kind: "view", view: { kind: "regions" } },
      { kind: "view", view: { kind: "districts", regionId: 3 } },
      { kind: "view", view: { kind: "schools", regionId: 3, districtId: 41, page: 0 } },
      { kind: "view", view: { kind: "schools", regionId: 3, districtId: 41, page: 2 } },
      { kind: "school", id: 1207 },
    ];
    for (const move of moves) {
      expect(schoolMoveData(move)).toMatch(patterns.form);
      expect(schoolMoveOf(schoolMoveData(move))).toEqual(move);
    }
    for (const forged of ["s:sc:0", "s:r:abc", "s:p:3:41:99999", "s:sc:1;drop", "f:school:12"])
      expect(schoolMoveOf(forged)).toBeUndefined();
  });

  it("every button of a form prompt is the form's, and names the question it answers", () => {
    expect(promptData({ question: "category", choice: "asp" })).toBe(data.choice("category", "asp"));
    expect(patterns.choice.exec(promptData({ question: "category", choice: "asp" }))?.slice(1)).toEqual(["category", "asp"]);
    expect(patterns.document.exec(promptData({ question: "birth-certificate", document: "redo" }))?.slice(1)).toEqual([
      "birth-certificate",
      "redo",
    ]);
    expect(schoolMoveOf(promptData({ school: { kind: "school", id: 7 } }))).toEqual({ kind: "school", id: 7 });
    const actions: PromptAction[] = [
      { question: "q", choice: "v" },
      { question: "q", document: "done" },
      { school: { kind: "school", id: 1 } },
    ];
    for (const action of actions) expect(promptData(action)).toMatch(patterns.form);
  });
});
