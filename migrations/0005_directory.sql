CREATE TYPE "public"."directory_offer" AS ENUM('training', 'marketing', 'financing', 'support', 'billing');--> statement-breakpoint
CREATE TABLE "directory_entries" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"country_code" text NOT NULL,
	"market" text NOT NULL,
	"description" text NOT NULL,
	"offers" "directory_offer"[] NOT NULL,
	"website" text,
	"contact_email" text NOT NULL,
	"listed" boolean NOT NULL,
	"provider_active" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "directory_entries" ADD CONSTRAINT "directory_entries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "directory_entries_search_idx" ON "directory_entries" USING btree ("market","name","tenant_id") WHERE listed AND provider_active;