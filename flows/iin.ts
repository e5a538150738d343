/**
 * The Kazakhstan individual identification number (IIN, ЖСН / ИИН): 12 digits,
 * YYMMDD + century-and-sex digit + 4-digit serial + check digit.
 */

export type IinCheck = { ok: true; birthDate: string; sex: "male" | "female" } | { ok: false; reason: "format" | "checksum" | "date" };

const W1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const W2 = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/** The check digit of the first 11 digits, or null when the number cannot have one (10). */
export function iinCheckDigit(first11: string): number | null {
  const d = [...first11].map(Number);
  let c = d.reduce((s, x, i) => s + x * W1[i]!, 0) % 11;
  if (c === 10) c = d.reduce((s, x, i) => s + x * W2[i]!, 0) % 11;
  return c === 10 ? null : c;
}

/** A BIN (an organisation's number, БСН / БИН): 12 digits whose last is the check digit, as an IIN's. */
export function isValidBin(bin: string): boolean {
  return /^\d{12}$/.test(bin) && iinCheckDigit(bin.slice(0, 11)) === Number(bin[11]);
}

/**
 * Validate an IIN and derive the birth date (ISO `YYYY-MM-DD`) and sex.
 * The 7th digit gives century and sex: 1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s (odd = male).
 */
export function checkIin(raw: string): IinCheck {
  const iin = raw.trim();
  if (!/^\d{12}$/.test(iin)) return { ok: false, reason: "format" };
  if (iinCheckDigit(iin.slice(0, 11)) !== Number(iin[11])) return { ok: false, reason: "checksum" };
  const centuryDigit = Number(iin[6]);
  if (centuryDigit < 1 || centuryDigit > 6) return { ok: false, reason: "date" };
  const century = 1800 + Math.floor((centuryDigit - 1) / 2) * 100;
  const year = century + Number(iin.slice(0, 2));
  const month = Number(iin.slice(2, 4));
  const day = Number(iin.slice(4, 6));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, reason: "date" };
  }
  return {
    ok: true,
    birthDate: date.toISOString().slice(0, 10),
    sex: centuryDigit % 2 === 1 ? "male" : "female",
  };
}

/** Build a valid IIN from a birth date, sex and serial (tests, demo data). */
export function makeIin(birthDate: string, sex: "male" | "female", serial = 1): string {
  const [y, m, d] = birthDate.split("-");
  const year = Number(y);
  const centuryBase = year >= 2000 ? 5 : year >= 1900 ? 3 : 1;
  const centuryDigit = centuryBase + (sex === "female" ? 1 : 0);
  for (let s = serial; s < serial + 1000; s++) {
    const first11 = `${y!.slice(2)}${m}${d}${centuryDigit}${String(s % 10000).padStart(4, "0")}`;
    const c = iinCheckDigit(first11);
    if (c !== null) return first11 + c;
  }
  throw new Error("no valid IIN for these inputs");
}

/** Mask an IIN for logs and staff lists: `0501******23`. */
export function maskIin(iin: string): string {
  return iin.length === 12 ? `${iin.slice(0, 4)}******${iin.slice(10)}` : "***";
}
