CREATE TABLE "school_places" (
	"school_id" integer NOT NULL,
	"service_id" text NOT NULL,
	"year" integer NOT NULL,
	"places" integer NOT NULL,
	"set_by_staff_id" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "school_places_school_id_service_id_year_pk" PRIMARY KEY("school_id","service_id","year")
);
--> statement-breakpoint
ALTER TABLE "school_places" ADD CONSTRAINT "school_places_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE no action ON UPDATE no action;