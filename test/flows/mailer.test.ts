/** The SMTP mailer against a server that accepts connections and never says anything. */
import { createServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, expect, it } from "vitest";
import { createMailer } from "#root/flows/mailer.ts";
import { createLogger } from "#root/log.ts";

const sockets: Socket[] = [];
const silent = createServer((socket) => sockets.push(socket));

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await new Promise<void>((r) => silent.close(() => r()));
});

it("a server that never greets fails the mail after the mailer's timeout instead of holding it for minutes", async () => {
  await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
  const port = (silent.address() as AddressInfo).port;
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, log: createLogger("silent"), timeoutMs: 300 });
  try {
    await expect(mailer.send({ to: "a@mail.kz", subject: "s", text: "t" })).rejects.toThrow(/greeting|timeout/i);
    expect(sockets).toHaveLength(1);
  } finally {
    mailer.close();
  }
});
