/**
 * A check code as people type it off the paper: in any case, with spaces or any dash, and on a
 * Cyrillic keyboard, where the letters that look like the code's are what they reach for.
 */
import { describe, expect, it } from "vitest";
import { formatCheckCode, newCheckCode, normalizeCheckCode } from "#root/flows/check/code.ts";

describe("normalizeCheckCode", () => {
  it("reads a code typed with Cyrillic look-alikes (Russian and Kazakh) as the printed one", () => {
    // Printed: 7KCM-9PXD-4A1B-3T0E. Typed with Cyrillic К, С, М, Р, Х, А, В, Т, Е, О and Kazakh І.
    expect(normalizeCheckCode("7КСМ-9РХD-4АІВ-3ТОЕ")).toBe("7KCM9PXD4A1B3T0E");
    expect(normalizeCheckCode("7ксм 9рхd 4аів 3тое")).toBe("7KCM9PXD4A1B3T0E");
    expect(normalizeCheckCode("НННН-УУУУ-ЗЗЗЗ-0000")).toBe("HHHHYYYY33330000");
  });

  it("takes the dashes phones put in (en and em dashes, the minus sign) as the printed hyphen", () => {
    expect(normalizeCheckCode("7KCM–9PXD—4A1B−3T0E")).toBe("7KCM9PXD4A1B3T0E");
  });

  it("still refuses what cannot be a code: a Cyrillic letter with no look-alike, a wrong length", () => {
    expect(normalizeCheckCode("7KCM-9PXD-4A1B-3T0Ж")).toBeNull();
    expect(normalizeCheckCode("7KCM-9PXD-4A1B")).toBeNull();
    expect(normalizeCheckCode("Ә".repeat(16))).toBeNull();
  });

  it("reads every new code back from its printed form", () => {
    for (let i = 0; i < 50; i++) {
      const code = newCheckCode();
      expect(normalizeCheckCode(formatCheckCode(code).toLowerCase())).toBe(code);
    }
  });
});
