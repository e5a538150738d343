import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, maskPersonalData } from "../../log.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger("debug", stream), lines };
}

describe("logs never carry an IIN or a phone number unmasked", () => {
  it("masks IINs and every usual spelling of a Kazakhstan phone number in text", () => {
    const text = maskPersonalData("IIN 150309600128, phone +7 701 234 56 78, 8(701)234-56-78, +77012345678");
    expect(text).not.toMatch(/150309600128|234 56|234-56|2345678/);
    expect(text).toContain("1503******28");
  });

  it("masks the message, every field however deep, numbers, and errors", () => {
    const { log, lines } = capture();
    log.info({ parent: { iin: "150309600128", contact: { phone: "+77012345678" } }, chat: 150309600128 }, "registered %s", "150309600128");
    log.error(new Error("IIN 150309600128 failed the check"));
    log.warn({ list: ["87012345678"] }, "phone 8 701 234 56 78 refused");
    const all = lines.join("");
    expect(lines).toHaveLength(3);
    expect(all).not.toMatch(/150309600128|7012345678|234 56 78/);
    expect(all).toContain("failed the check");
  });

  it("leaves ordinary numbers alone (chat ids, update ids, counts)", () => {
    expect(maskPersonalData("update 123456789 chat -1001234567890 took 15 ms")).toBe("update 123456789 chat -1001234567890 took 15 ms");
  });
});
