CREATE TYPE "public"."charge_kind" AS ENUM('purchase', 'renewal', 'period', 'increase', 'decrease', 'cancellation');--> statement-breakpoint
CREATE TYPE "public"."invoice_status" AS ENUM('draft', 'open', 'paid');--> statement-breakpoint
CREATE TYPE "public"."invoice_tier" AS ENUM('operator', 'provider', 'partner');--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"invoice_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"charged_at" timestamp with time zone NOT NULL,
	"kind" charge_kind NOT NULL,
	"seller_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"customer_name" text NOT NULL,
	"offer_id" uuid NOT NULL,
	"offer_name" text NOT NULL,
	"sku" text NOT NULL,
	"partner_of_record_name" text NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" bigint NOT NULL,
	"amount_minor" bigint NOT NULL,
	CONSTRAINT "invoice_lines_invoice_id_subscription_id_charged_at_kind_pk" PRIMARY KEY("invoice_id","subscription_id","charged_at","kind")
);
--> statement-breakpoint
CREATE TABLE "invoice_runs" (
	"period" text COLLATE "C" PRIMARY KEY NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"last_subscription_id" uuid,
	"charged_at" timestamp with time zone,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seller_id" uuid NOT NULL,
	"buyer_id" uuid NOT NULL,
	"tier" "invoice_tier" NOT NULL,
	"seller_name" text NOT NULL,
	"buyer_name" text NOT NULL,
	"period" text COLLATE "C" NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"period_end" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"line_count" integer NOT NULL,
	"status" "invoice_status" NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone,
	"paid_by" uuid
);
--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_seller_id_tenants_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_buyer_id_tenants_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_seller_id_tenants_id_fk" FOREIGN KEY ("seller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_buyer_id_tenants_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_key" ON "invoices" USING btree ("seller_id","buyer_id","period","currency");--> statement-breakpoint
CREATE INDEX "invoices_seller_idx" ON "invoices" USING btree ("seller_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "invoices_buyer_idx" ON "invoices" USING btree ("buyer_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "invoices_period_idx" ON "invoices" USING btree ("period","status","id");--> statement-breakpoint
-- ==== Hand-written (keep at the end when renumbering): row-level security. ====
-- An invoice and its lines are seen by their seller and their buyer only: not through tenant_links, which
-- would show a customer its partner's wholesale invoices. invoice_runs is the installation's (no tenant column).
ALTER TABLE "invoices" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "invoices" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "invoices" USING ((SELECT trellis_system()) OR "seller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "buyer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[])) WITH CHECK ((SELECT trellis_system()) OR "seller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "buyer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]));
--> statement-breakpoint
ALTER TABLE "invoice_lines" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "invoice_lines" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "invoice_lines" USING ((SELECT trellis_system()) OR "seller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "buyer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[])) WITH CHECK ((SELECT trellis_system()) OR "seller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "buyer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]));
