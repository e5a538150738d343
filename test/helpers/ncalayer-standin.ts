/**
 * A stand-in for NCALayer's WebSocket API, for browser tests of the signing page. It speaks
 * the part of the protocol ncalayer-js-client uses:
 *
 * - on connect, NCALayer greets with `{"result":{"version":"…"}}`;
 * - the client then probes for KAZTOKEN (`kz.digiflow.mobile.extensions` `getVersion`); real
 *   NCALayer answers with an error in the old commonUtils shape, so does this;
 * - `kz.gov.pki.knca.basics` `sign` is answered by the test's `onSign`: `signedWith(cms)` gives
 *   `{"status":true,"body":{"result":[cms]}}`; `cancelledByUser()` gives a body without a
 *   result, which is how NCALayer reports that the user closed its window.
 *
 * Node 20 has a WebSocket client but no server, so this is the minimal RFC 6455 server side:
 * the handshake, and unfragmented or fragmented text frames (masked from the browser, unmasked
 * back), ping and close.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** The `args` of a `kz.gov.pki.knca.basics` `sign` request. */
export interface BasicsSignArgs {
  allowedStorages: string[] | null;
  format: "cms" | "xml";
  /** Base64 of the data (or an array of them). */
  data: string | string[];
  signingParams: { decode?: boolean; encapsulate?: boolean; digested?: boolean; tsaProfile?: unknown };
  signerParams: { extKeyUsageOids?: string[]; chain?: unknown[] };
  locale: string;
}

export type NcalayerRequest = { module: string; method: string; args?: unknown };

export interface NcalayerStandin {
  /** `ws://127.0.0.1:<port>`: give it to the page as its NCALayer address. */
  url: string;
  /** Every request received, in order. */
  requests: NcalayerRequest[];
  /** How the next `sign` is answered; replace it between tests. */
  onSign: (args: BasicsSignArgs) => unknown | Promise<unknown>;
  close(): Promise<void>;
}

/** NCALayer's answer to a successful basics `sign`. */
export const signedWith = (cms: string) => ({ status: true, body: { result: [cms] } });
/** NCALayer's answer when the user cancels in its window. */
export const cancelledByUser = () => ({ status: true, body: {} });

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const header = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 126;
    header.writeUInt16BE(n, 2);
  } else if (n >= 65536) {
    header[0] = 0x80 | opcode;
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([header, payload]);
}

/** Parse as many whole frames as `buf` holds; returns them and the unconsumed rest. */
function parseFrames(buf: Buffer): { frames: Array<{ fin: boolean; opcode: number; payload: Buffer }>; rest: Buffer } {
  const frames: Array<{ fin: boolean; opcode: number; payload: Buffer }> = [];
  let off = 0;
  for (;;) {
    if (buf.length - off < 2) break;
    const b0 = buf[off]!;
    const b1 = buf[off + 1]!;
    let len = b1 & 0x7f;
    let pos = off + 2;
    if (len === 126) {
      if (buf.length - pos < 2) break;
      len = buf.readUInt16BE(pos);
      pos += 2;
    } else if (len === 127) {
      if (buf.length - pos < 8) break;
      len = Number(buf.readBigUInt64BE(pos));
      pos += 8;
    }
    const masked = (b1 & 0x80) !== 0;
    const need = (masked ? 4 : 0) + len;
    if (buf.length - pos < need) break;
    const mask = masked ? buf.subarray(pos, pos + 4) : undefined;
    if (masked) pos += 4;
    const payload = Buffer.from(buf.subarray(pos, pos + len));
    if (mask) for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    frames.push({ fin: (b0 & 0x80) !== 0, opcode: b0 & 0x0f, payload });
    off = pos + len;
  }
  return { frames, rest: buf.subarray(off) };
}

/** Start the stand-in on a free port of 127.0.0.1. */
export async function startNcalayerStandin(onSign: NcalayerStandin["onSign"]): Promise<NcalayerStandin> {
  const sockets = new Set<Socket>();
  const server = createServer((_req, res) => res.writeHead(426).end("WebSocket only"));
  const standin: NcalayerStandin = {
    url: "",
    requests: [],
    onSign,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };

  async function answer(request: NcalayerRequest): Promise<unknown> {
    if (request.module === "kz.gov.pki.knca.basics" && request.method === "sign") {
      return standin.onSign(request.args as BasicsSignArgs);
    }
    if (request.module === "kz.digiflow.mobile.extensions") return { code: "500", message: "Module not found" };
    return { status: false, code: "500", message: "Unknown module or method", details: `${request.module}.${request.method}` };
  }

  server.on("upgrade", (req: IncomingMessage, socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    const key = req.headers["sec-websocket-key"];
    if (typeof key !== "string") {
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
      return;
    }
    const accept = createHash("sha1")
      .update(key + GUID)
      .digest("base64");
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    const send = (value: unknown) => socket.writable && socket.write(frame(0x1, Buffer.from(JSON.stringify(value))));
    send({ result: { version: "1.4" } });

    let pending = Buffer.alloc(0);
    let message: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => {
      const { frames, rest } = parseFrames(Buffer.concat([pending, chunk]));
      pending = Buffer.from(rest);
      for (const f of frames) {
        if (f.opcode === 0x8) {
          socket.end(frame(0x8, f.payload.subarray(0, 2)));
          return;
        }
        if (f.opcode === 0x9) {
          socket.write(frame(0xa, f.payload));
          continue;
        }
        if (f.opcode !== 0x1 && f.opcode !== 0x0) continue;
        message.push(f.payload);
        if (!f.fin) continue;
        const text = Buffer.concat(message).toString("utf8");
        message = [];
        const request = JSON.parse(text) as NcalayerRequest;
        standin.requests.push(request);
        void answer(request).then(send, (err: Error) => send({ status: false, code: "500", message: err.message }));
      }
    });
    socket.on("error", () => socket.destroy());
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  standin.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return standin;
}
