/**
 * What the handlers of one update hand each other in memory: the same process handles an update
 * from its first middleware to its last, so "this update finished a stage" or "this update left
 * the draft like this" need no round trip. Keyed by update id; everything an update left is
 * dropped when it is done ({@link clearScratch}, the bot's middleware), read or not.
 */
const boards: Array<Map<number, unknown>> = [];

export interface Scratch<T> {
  set(updateId: number, value: T): void;
  get(updateId: number): T | undefined;
  /** Read and forget. */
  take(updateId: number): T | undefined;
}

export function scratch<T>(): Scratch<T> {
  const map = new Map<number, T>();
  boards.push(map as Map<number, unknown>);
  return {
    set: (id, value) => void map.set(id, value),
    get: (id) => map.get(id),
    take: (id) => {
      const value = map.get(id);
      map.delete(id);
      return value;
    },
  };
}

/** Forget everything an update left (called once the update is handled, or failed). */
export function clearScratch(updateId: number): void {
  for (const map of boards) map.delete(updateId);
}
