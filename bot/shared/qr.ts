import QRCode from "qrcode";

/** A QR code's picture: large enough for a phone camera across a desk, with the standard quiet zone. */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { type: "png", errorCorrectionLevel: "M", margin: 4, width: 600 });
}
