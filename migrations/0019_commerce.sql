CREATE TYPE "public"."billing_cycle" AS ENUM('monthly', 'annual');--> statement-breakpoint
CREATE TYPE "public"."offer_kind" AS ENUM('license_subscription', 'perpetual_software', 'reservation');--> statement-breakpoint
CREATE TYPE "public"."offer_term" AS ENUM('P1M', 'P1Y', 'P3Y');--> statement-breakpoint
CREATE TYPE "public"."subscription_status" AS ENUM('active', 'suspended', 'expired', 'disabled', 'deleted');--> statement-breakpoint
CREATE TABLE "customer_agreement_attestations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"agreement_id" uuid,
	"signer_name" text NOT NULL,
	"signer_email" text NOT NULL,
	"signed_on" text NOT NULL,
	"attested_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "offer_prices" (
	"offer_id" uuid NOT NULL,
	"market" text NOT NULL,
	"currency" text NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	CONSTRAINT "offer_prices_offer_id_market_currency_pk" PRIMARY KEY("offer_id","market","currency")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sku" text COLLATE "C" NOT NULL,
	"name" text NOT NULL,
	"kind" "offer_kind" NOT NULL,
	"term" "offer_term" NOT NULL,
	"billing_cycle" "billing_cycle" NOT NULL,
	"min_quantity" integer NOT NULL,
	"max_quantity" integer NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"order_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"customer_id" uuid NOT NULL,
	"offer_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	"subscription_id" uuid NOT NULL,
	CONSTRAINT "order_lines_order_id_position_pk" PRIMARY KEY("order_id","position")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"relationship_role" "relationship_role" NOT NULL,
	"reseller_id" uuid,
	"placed_by" uuid NOT NULL,
	"market" text NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"reseller_id" uuid,
	"offer_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"status" "subscription_status" NOT NULL,
	"term" "offer_term" NOT NULL,
	"billing_cycle" "billing_cycle" NOT NULL,
	"auto_renew" boolean NOT NULL,
	"term_start" timestamp with time zone NOT NULL,
	"renews_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customer_agreement_attestations" ADD CONSTRAINT "customer_agreement_attestations_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_agreement_attestations" ADD CONSTRAINT "customer_agreement_attestations_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_agreement_attestations" ADD CONSTRAINT "customer_agreement_attestations_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "offer_prices" ADD CONSTRAINT "offer_prices_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_reseller_id_tenants_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_reseller_id_tenants_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "customer_agreement_attestations_customer_idx" ON "customer_agreement_attestations" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "offer_prices_market_idx" ON "offer_prices" USING btree ("market","currency");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_sku_key" ON "offers" USING btree ("sku");--> statement-breakpoint
CREATE INDEX "offers_created_idx" ON "offers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "orders_customer_idx" ON "orders" USING btree ("customer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_partner_idx" ON "orders" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "subscriptions_customer_idx" ON "subscriptions" USING btree ("customer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "subscriptions_partner_idx" ON "subscriptions" USING btree ("partner_id","status");--> statement-breakpoint
CREATE INDEX "subscriptions_reseller_idx" ON "subscriptions" USING btree ("reseller_id","status") WHERE reseller_id IS NOT NULL;
--> statement-breakpoint
-- Row-level security on the tenant tables of commerce, as migration 0016 does for the others. Offers and their
-- prices are the operator's catalog, read by every tenant: they hold no tenant column.
ALTER TABLE "customer_agreement_attestations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "customer_agreement_attestations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "customer_agreement_attestations" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id")));
--> statement-breakpoint
ALTER TABLE "orders" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "orders" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "orders" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id")));
--> statement-breakpoint
ALTER TABLE "order_lines" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "order_lines" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "order_lines" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id")));
--> statement-breakpoint
ALTER TABLE "subscriptions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "subscriptions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "subscriptions" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id")));
