/**
 * `--help` (or `-h`) for a command that otherwise acts at once: print what it does and exit 0,
 * before anything is touched (a webhook registered, a database migrated, a file written).
 */
export function helpAndExit(usage: string): void {
  if (!process.argv.slice(2).some((a) => a === "--help" || a === "-h")) return;
  console.log(usage);
  process.exit(0);
}
