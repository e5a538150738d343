CREATE SEQUENCE "public"."issued_document_number_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1;--> statement-breakpoint
CREATE TABLE "issued_documents" (
	"id" serial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"school_id" integer NOT NULL,
	"kind" text NOT NULL,
	"number" text NOT NULL,
	"check_code" text NOT NULL,
	"file_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"child_initials" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"issued_by_staff_id" integer,
	"valid_from" date,
	"valid_to" date,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	"revoked_by_staff_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "position" text;--> statement-breakpoint
ALTER TABLE "staff" ADD COLUMN "name_confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_file_id_stored_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."stored_files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_issued_by_staff_id_staff_id_fk" FOREIGN KEY ("issued_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "issued_documents" ADD CONSTRAINT "issued_documents_revoked_by_staff_id_staff_id_fk" FOREIGN KEY ("revoked_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "issued_documents_check_code_uq" ON "issued_documents" USING btree ("check_code");--> statement-breakpoint
CREATE UNIQUE INDEX "issued_documents_number_uq" ON "issued_documents" USING btree ("number");--> statement-breakpoint
CREATE INDEX "issued_documents_application_idx" ON "issued_documents" USING btree ("application_id");