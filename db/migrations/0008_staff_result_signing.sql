CREATE TABLE "document_signatures" (
	"id" serial PRIMARY KEY NOT NULL,
	"issued_document_id" integer NOT NULL,
	"staff_id" integer NOT NULL,
	"signer_name" text NOT NULL,
	"signer_position" text NOT NULL,
	"file_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"signer_iin" text,
	"signer_bin" text,
	"result" jsonb NOT NULL,
	"ocsp_response" "bytea",
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "result_signing_sessions" (
	"id" serial PRIMARY KEY NOT NULL,
	"token_hash" text NOT NULL,
	"application_id" uuid NOT NULL,
	"staff_id" integer NOT NULL,
	"school_id" integer NOT NULL,
	"action" text NOT NULL,
	"version" integer NOT NULL,
	"file_id" uuid NOT NULL,
	"pending" jsonb NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"replaced_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "iin" text;--> statement-breakpoint
ALTER TABLE "document_signatures" ADD CONSTRAINT "document_signatures_issued_document_id_issued_documents_id_fk" FOREIGN KEY ("issued_document_id") REFERENCES "public"."issued_documents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signatures" ADD CONSTRAINT "document_signatures_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "document_signatures" ADD CONSTRAINT "document_signatures_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_signing_sessions" ADD CONSTRAINT "result_signing_sessions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_signing_sessions" ADD CONSTRAINT "result_signing_sessions_staff_id_staff_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_signing_sessions" ADD CONSTRAINT "result_signing_sessions_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "result_signing_sessions" ADD CONSTRAINT "result_signing_sessions_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "document_signatures_issued_uq" ON "document_signatures" USING btree ("issued_document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "result_signing_sessions_token_hash_uq" ON "result_signing_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "result_signing_sessions_application_idx" ON "result_signing_sessions" USING btree ("application_id");