CREATE INDEX "application_documents_file_idx" ON "application_documents" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "applications_statement_file_idx" ON "applications" USING btree ("statement_file_id") WHERE "applications"."statement_file_id" is not null;--> statement-breakpoint
CREATE INDEX "applications_result_file_idx" ON "applications" USING btree ("result_file_id") WHERE "applications"."result_file_id" is not null;--> statement-breakpoint
CREATE INDEX "document_signatures_file_idx" ON "document_signatures" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "issued_documents_file_idx" ON "issued_documents" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "result_signing_sessions_file_idx" ON "result_signing_sessions" USING btree ("file_id");--> statement-breakpoint
CREATE INDEX "signatures_file_idx" ON "signatures" USING btree ("file_id");