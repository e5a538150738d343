import { parseArgs } from "node:util";

/**
 * `--help` (or `-h`) for a command that otherwise acts at once: print what it does and exit 0,
 * before anything is touched (a webhook registered, a database migrated, a file written).
 */
export function helpAndExit(usage: string): void {
  if (!process.argv.slice(2).some((a) => a === "--help" || a === "-h")) return;
  console.log(usage);
  process.exit(0);
}

/**
 * For a command that takes no arguments: any (`--dry-run`, a typo, a stray file name) is the
 * one-line `usage` and exit 2, as for the other commands' bad arguments — before anything is touched.
 */
export function noArgumentsOrExit(usage: string): void {
  try {
    parseArgs({ options: {}, strict: true });
  } catch {
    console.error(usage);
    process.exit(2);
  }
}
