/**
 * Write a command's output file (`--out FILE`), or say in one line why it cannot be written —
 * a missing folder, no permission, a folder of that name — instead of a stack trace. The caller exits
 * 2, as for any bad argument.
 */
import { type WriteFileOptions, writeFileSync } from "node:fs";

const WHY: Record<string, string> = {
  ENOENT: "its folder does not exist",
  ENOTDIR: "a part of its path is not a folder",
  EACCES: "no permission to write there",
  EPERM: "no permission to write there",
  EROFS: "the file system is read-only",
  EISDIR: "it is a folder: give a file name",
  ENOSPC: "the disk is full",
};

/** Why `file` could not be written, in one line. */
export function cannotWrite(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  const why = WHY[code] ?? (err as Error).message;
  return `Cannot write ${file}${code ? ` (${code})` : ""}: ${why}.`;
}

/** Write `data` to `file`: true, or false once the reason is printed. */
export function writeOutput(file: string, data: Uint8Array, options?: WriteFileOptions): boolean {
  try {
    writeFileSync(file, data, options);
    return true;
  } catch (err) {
    console.error(cannotWrite(file, err));
    return false;
  }
}
