CREATE TYPE "public"."relationship_role" AS ENUM('direct_partner', 'indirect_reseller', 'indirect_provider');--> statement-breakpoint
CREATE TYPE "public"."relationship_status" AS ENUM('active', 'removed');--> statement-breakpoint
CREATE TABLE "customer_accounts" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"primary_domain" text NOT NULL,
	"country_code" text NOT NULL,
	"market" text NOT NULL,
	"address_line1" text,
	"address_line2" text,
	"city" text,
	"region" text,
	"postal_code" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_domains" (
	"domain" text PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_relationships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"role" "relationship_role" NOT NULL,
	"reseller_id" uuid,
	"status" "relationship_status" NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "customer_accounts" ADD CONSTRAINT "customer_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_relationships" ADD CONSTRAINT "customer_relationships_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_relationships" ADD CONSTRAINT "customer_relationships_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customer_relationships_one_active" ON "customer_relationships" USING btree ("customer_id","partner_id","role") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "customer_relationships_partner_idx" ON "customer_relationships" USING btree ("partner_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "customer_relationships_customer_idx" ON "customer_relationships" USING btree ("customer_id");