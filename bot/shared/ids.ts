/**
 * The shapes of the ids buttons carry. Callback data comes from the user's client and can be
 * forged: an id is matched as what it is before it reaches a query, so a forged one is just an
 * outdated button — not a statement the database refuses.
 */

/** A UUID as the database writes it (lowercase hex, 8-4-4-4-12): a regex source for callback patterns. */
export const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** A positive integer that fits PostgreSQL's `integer` (nine digits at most). */
export const INT = "\\d{1,9}";
