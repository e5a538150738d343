CREATE TABLE "mobile_signing_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"token_hash" text,
	"application_id" uuid NOT NULL,
	"parent_id" integer NOT NULL,
	"statement_sha256" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"replaced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mobile_signing_sessions" ADD CONSTRAINT "mobile_signing_sessions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mobile_signing_sessions" ADD CONSTRAINT "mobile_signing_sessions_parent_id_users_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mobile_signing_sessions_application_idx" ON "mobile_signing_sessions" USING btree ("application_id");