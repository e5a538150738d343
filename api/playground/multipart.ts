/**
 * A tolerant multipart/form-data reader. Node's built-in `Request.formData()`
 * (undici) refuses grammY's uploads because grammY writes
 * `filename=name.pdf` without quotes; Telegram accepts them, so must we.
 */

/** One part of a multipart body. */
export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  data: Uint8Array;
}

/** Splits `body` into parts. Throws an Error with a readable message on malformed input. */
export function parseMultipart(body: Uint8Array, contentType: string): Part[] {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const b = boundary?.[1] ?? boundary?.[2];
  if (!b) throw new Error("multipart body without a boundary");
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const delimiter = Buffer.from(`--${b}`);
  const parts: Part[] = [];
  let pos = buf.indexOf(delimiter);
  if (pos < 0) throw new Error("multipart boundary not found in the body");
  while (true) {
    pos += delimiter.length;
    if (buf.subarray(pos, pos + 2).toString() === "--") break; // closing delimiter
    if (buf.subarray(pos, pos + 2).toString() === "\r\n") pos += 2;
    const headerEnd = buf.indexOf("\r\n\r\n", pos);
    if (headerEnd < 0) throw new Error("multipart part without headers");
    const next = buf.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd);
    if (next < 0) throw new Error("multipart body is truncated");
    const headers = buf.subarray(pos, headerEnd).toString("utf8");
    parts.push({ ...parseHeaders(headers), data: new Uint8Array(buf.subarray(headerEnd + 4, next)) });
    pos = next + 2;
  }
  return parts;
}

function parseHeaders(raw: string): Omit<Part, "data"> {
  let name: string | undefined;
  let filename: string | undefined;
  let contentType: string | undefined;
  for (const line of raw.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-type") contentType = value;
    if (key !== "content-disposition") continue;
    name = param(value, "name");
    filename = param(value, "filename");
  }
  if (name === undefined) throw new Error("multipart part without a name");
  return { name, ...(filename !== undefined ? { filename } : {}), ...(contentType ? { contentType } : {}) };
}

function param(header: string, key: string): string | undefined {
  const m = new RegExp(`(?:^|;)\\s*${key}\\s*=\\s*(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, "i").exec(header);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : m[2]!.trim();
}
