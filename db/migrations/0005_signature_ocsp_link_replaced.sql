ALTER TABLE "signatures" ADD COLUMN "ocsp_response" "bytea";--> statement-breakpoint
ALTER TABLE "signing_sessions" ADD COLUMN "replaced_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "signing_sessions_application_idx" ON "signing_sessions" USING btree ("application_id");