CREATE TABLE "support_relays" (
	"chat_id" bigint NOT NULL,
	"message_id" integer NOT NULL,
	"ticket_id" integer NOT NULL,
	"note" boolean NOT NULL,
	"media_group_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_relays_chat_id_message_id_pk" PRIMARY KEY("chat_id","message_id")
);
--> statement-breakpoint
ALTER TABLE "staff_invites" ADD COLUMN "created_by_staff_id" integer;--> statement-breakpoint
ALTER TABLE "support_tickets" ADD COLUMN "telegram_name" text;--> statement-breakpoint
ALTER TABLE "support_relays" ADD CONSTRAINT "support_relays_ticket_id_support_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."support_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "support_relays_album_idx" ON "support_relays" USING btree ("chat_id","media_group_id") WHERE media_group_id is not null;--> statement-breakpoint
ALTER TABLE "staff_invites" ADD CONSTRAINT "staff_invites_created_by_staff_id_staff_id_fk" FOREIGN KEY ("created_by_staff_id") REFERENCES "public"."staff"("id") ON DELETE no action ON UPDATE no action;