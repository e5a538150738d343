import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * The formatter keeps code within 140 characters but cannot break strings, templates, regexes
 * or comments; those are kept short by hand so that every line reads without scrolling.
 */
describe("line length", () => {
  const root = new URL("../", import.meta.url);
  const files = execFileSync("git", ["ls-files", "*.ts"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);

  it("no tracked TypeScript file has a line over 140 characters", () => {
    const offenders = files.flatMap((f) =>
      readFileSync(new URL(f, root), "utf8")
        .split("\n")
        // Characters as a reader counts them: code points, not UTF-16 units (an emoji is one character).
        .flatMap((line, i) => ([...line].length > 140 ? [`${f}:${i + 1} (${[...line].length})`] : [])),
    );
    expect(files.length).toBeGreaterThan(100);
    expect(offenders).toEqual([]);
  });
});
