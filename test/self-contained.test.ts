import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * A clone of the project must run and pass its tests on its own: nothing it keeps may point
 * outside the repository (a sibling `shared/` folder exists on the team's machines only).
 */
describe("the repository is self-contained", () => {
  const root = new URL("../", import.meta.url);
  const files = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" })
    .split("\n")
    .filter(
      (f) => f && /\.(ts|md|json|ftl|sh|ya?ml)$|^\.ci\//.test(f) && f !== "test/self-contained.test.ts" && !f.startsWith("test/hostile/"),
    ); // the hostile corpus sends path-traversal strings on purpose

  const rootDir = fileURLToPath(root);
  /** Relative paths in a file (`../x/…`) that lead out of the repository from where the file is. */
  const outside = (file: string) =>
    [...readFileSync(resolve(rootDir, file), "utf8").matchAll(/(?:\.\.\/)+[\w.-]+\/[\w./-]*/g)]
      .map((m) => m[0])
      .filter((ref) => relative(rootDir, resolve(rootDir, dirname(file), ref)).startsWith(".."));

  it("no tracked file refers to a path outside the repository", () => {
    const offenders = files.flatMap((f) => outside(f).map((ref) => `${f}: ${ref}`));
    expect(offenders).toEqual([]);
  });

  it("the architecture the README points to is in the repository", () => {
    const readme = readFileSync(new URL("README.md", root), "utf8");
    expect(readme).toContain("docs/ARCHITECTURE.md");
    expect(files).toContain("docs/ARCHITECTURE.md");
  });
});
