DROP INDEX "users_phone_uq";--> statement-breakpoint
CREATE INDEX "users_phone_idx" ON "users" USING btree ("phone");