/**
 * Email to parents (the order notice with its PDF) through SMTP with nodemailer. Without
 * SMTP_URL — the embedded default — the mail is written to the log instead, without the
 * recipient's address or any text that could carry personal data.
 */
import nodemailer from "nodemailer";
import type { Logger } from "#root/log.ts";

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** `"smtp"` sends for real; `"log"` only records that a mail would have gone out. */
  kind: "smtp" | "log";
  /** Send one mail; rejects when the SMTP server refuses it or cannot be reached. */
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** The sender address used when the SMTP URL does not say otherwise. */
export const DEFAULT_FROM = "School services desk <no-reply@school-desk.kz>";

/**
 * A mailer for `smtpUrl` (`smtp://user:pass@host:port` or `smtps://…`), or a log-only mailer
 * when it is undefined. `from` is the envelope and header sender. A server that does not
 * connect, greet or answer within `timeoutMs` (default 10 s) fails the send (it is retried).
 */
export function createMailer(opts: { smtpUrl?: string; log: Logger; from?: string; timeoutMs?: number }): Mailer {
  const from = opts.from ?? DEFAULT_FROM;
  if (!opts.smtpUrl) {
    return {
      kind: "log",
      async send(mail) {
        opts.log.info(
          { mail: { attachments: (mail.attachments ?? []).map((a) => ({ name: a.filename, size: a.content.byteLength })) } },
          "SMTP_URL is not set: an email was not sent (set SMTP_URL to send mail)",
        );
      },
      close() {},
    };
  }
  // nodemailer waits 2 min for a connection, 30 s for the greeting and 10 min on a silent socket:
  // a stalled server would hold each mail (and its retries) that long.
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const transport = nodemailer.createTransport({
    url: opts.smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    kind: "smtp",
    async send(mail) {
      await transport.sendMail({
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        attachments: (mail.attachments ?? []).map((a) => ({
          filename: a.filename,
          content: Buffer.from(a.content),
          contentType: a.contentType,
        })),
      });
    },
    close() {
      transport.close();
    },
  };
}
