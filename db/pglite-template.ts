/**
 * A template of an empty embedded database. Creating a PGlite cluster (its `initdb`) costs about
 * four seconds of CPU; loading a prepared one costs about one. `npm install` prepares the
 * template once (`postinstall`), so a newcomer's first `npm start` answers quickly. Without a
 * template, PGlite creates the cluster itself — slower, same result.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

/** Where the template lives: per installed PGlite version (a cluster belongs to its version). */
export function templatePath(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, "node_modules/@electric-sql/pglite/package.json"), "utf8")) as { version: string };
  return join(ROOT, "node_modules/.cache/school-desk", `pglite-${pkg.version}.tar.gz`);
}

/** The template's bytes, or undefined when it has not been prepared. */
export function readTemplate(): Blob | undefined {
  try {
    const path = templatePath();
    return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
  } catch {
    return undefined;
  }
}

/** Create the template if it is missing. Returns its path. */
export async function prepareTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const { PGlite } = await import("@electric-sql/pglite");
  const db = await PGlite.create();
  const dump = await db.dumpDataDir("gzip");
  await db.close();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  return path;
}
