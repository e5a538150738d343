ALTER TABLE "application_documents" ALTER COLUMN "file_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "application_documents" ADD COLUMN "telegram_file_id" text;--> statement-breakpoint
ALTER TABLE "application_documents" ADD COLUMN "message_id" integer;--> statement-breakpoint
ALTER TABLE "application_documents" ADD CONSTRAINT "application_documents_file_or_pending" CHECK ("application_documents"."file_id" is not null or "application_documents"."telegram_file_id" is not null);