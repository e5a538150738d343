-- A parent's notices by their chat: read when the parent unblocks the bot, to queue again what could not reach
-- them meanwhile (flows/unblocked.ts), without reading the whole outbox.
CREATE INDEX "outbox_parent_recipient_idx" ON "outbox" USING btree ("recipient","id") WHERE "outbox"."channel" = 'parent';
