/**
 * A conversation whose step throws (here the database write that ends registration)
 * must not leave the chat silent: one update at a time per chat (`sequentialize`) must let the
 * chat's next update through, and /start must answer (grammyjs/conversations issue #155: a
 * failure inside a conversation kept the chat's lock forever).
 */
import { afterAll, beforeAll, describe, it, vi } from "vitest";
import { makeIin } from "#root/flows/iin.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

/** The injected failure: the next registration's database write throws. */
const failing = vi.hoisted(() => ({ next: false }));
vi.mock("#root/db/queries/users.ts", async (importOriginal) => {
  const original = await importOriginal<typeof import("#root/db/queries/users.ts")>();
  return {
    ...original,
    registerParent: (...args: Parameters<typeof original.registerParent>) => {
      if (failing.next) {
        failing.next = false;
        return Promise.reject(new Error("injected: the registration write failed"));
      }
      return original.registerParent(...args);
    },
  };
});

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("a conversation that throws", () => {
  it("registration: the write at its end throws; the parent is told, the chat answers /start, and registration starts again", async () => {
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    await parent.nextMessage(/Согласие/);
    await parent.tap("✅ Согласен(на)");
    await parent.nextMessage(/Поделитесь номером/);
    await parent.shareContact();
    await parent.nextMessage(/ваши фамилию/);
    await parent.send("Абаева Гульмира Ерлановна");
    await parent.nextMessage(/ваш ИИН/);
    failing.next = true;
    await parent.send(makeIin("1987-03-03", "female", 71));
    await parent.nextMessage(/Что-то пошло не так/);

    // The chat is not locked: /start answers, and registration goes through this time.
    await parent.send("/start");
    await parent.nextMessage(/Поделитесь номером/);
    await parent.shareContact();
    await parent.nextMessage(/ваши фамилию/);
    await parent.send("Абаева Гульмира Ерлановна");
    await parent.nextMessage(/ваш ИИН/);
    await parent.send(makeIin("1987-03-03", "female", 71));
    await parent.nextMessage(/Государственные услуги/);
  });
});
