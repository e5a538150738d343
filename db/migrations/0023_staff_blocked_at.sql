-- When a staff member blocked the provider bot: cleared when they are back, and told then what waits for them
-- (bot/provider/unblocked.ts).
ALTER TABLE "staff" ADD COLUMN "blocked_at" timestamp with time zone;
