/**
 * A request body that never ends on its own (64 KB chunks of spaces, up to `total` bytes), and
 * how much of it the server pulled: whether a route answered before reading it.
 */
export function countedBody(total: number): { stream: ReadableStream<Uint8Array>; counter: { pulled: number } } {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  const counter = { pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      counter.pulled += chunk.length;
      if (counter.pulled > total) controller.close();
      else controller.enqueue(chunk);
    },
  });
  return { stream, counter };
}

/** Nothing past what a stream holds before anyone reads it (a chunk or two of read-ahead). */
export const UNREAD = 2 * 64 * 1024;
