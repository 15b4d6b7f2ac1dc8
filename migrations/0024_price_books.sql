CREATE TYPE "public"."credit_over_limit" AS ENUM('hold', 'refuse');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('placed', 'held', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."price_book_audience" AS ENUM('resellers', 'customers');--> statement-breakpoint
CREATE TYPE "public"."price_rule_kind" AS ENUM('markup', 'fixed');--> statement-breakpoint
CREATE TABLE "credit_terms" (
	"provider_id" uuid NOT NULL,
	"reseller_id" uuid NOT NULL,
	"limit_minor" bigint,
	"currency" text NOT NULL,
	"over_limit" "credit_over_limit" NOT NULL,
	"payment_term_days" integer NOT NULL,
	"updated_by" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "credit_terms_provider_id_reseller_id_pk" PRIMARY KEY("provider_id","reseller_id")
);
--> statement-breakpoint
CREATE TABLE "price_book_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"book_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"audience" "price_book_audience" NOT NULL,
	"offer_id" uuid,
	"buyer_id" uuid,
	"group_id" uuid,
	"kind" "price_rule_kind" NOT NULL,
	"basis_points" integer,
	"amount_minor" bigint,
	"currency" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_books" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"audience" "price_book_audience" NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "price_group_members" (
	"group_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "price_group_members_group_id_member_id_pk" PRIMARY KEY("group_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "price_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"audience" "price_book_audience" NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "subscription_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "status" "order_status" DEFAULT 'placed' NOT NULL;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "decided_by" uuid;--> statement-breakpoint
ALTER TABLE "orders" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "credit_terms" ADD CONSTRAINT "credit_terms_provider_id_tenants_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_terms" ADD CONSTRAINT "credit_terms_reseller_id_tenants_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_book_id_price_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."price_books"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_offer_id_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."offers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_buyer_id_tenants_id_fk" FOREIGN KEY ("buyer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_book_entries" ADD CONSTRAINT "price_book_entries_group_id_price_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."price_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_books" ADD CONSTRAINT "price_books_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_group_members" ADD CONSTRAINT "price_group_members_group_id_price_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."price_groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_group_members" ADD CONSTRAINT "price_group_members_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_group_members" ADD CONSTRAINT "price_group_members_member_id_tenants_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_groups" ADD CONSTRAINT "price_groups_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_book_entries_book_idx" ON "price_book_entries" USING btree ("book_id","created_at","id");--> statement-breakpoint
CREATE INDEX "price_book_entries_seller_idx" ON "price_book_entries" USING btree ("partner_id","audience");--> statement-breakpoint
CREATE INDEX "price_books_partner_idx" ON "price_books" USING btree ("partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "price_group_members_member_idx" ON "price_group_members" USING btree ("partner_id","member_id");--> statement-breakpoint
CREATE INDEX "price_group_members_page_idx" ON "price_group_members" USING btree ("group_id","created_at","member_id");--> statement-breakpoint
CREATE INDEX "price_groups_partner_idx" ON "price_groups" USING btree ("partner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "orders_reseller_idx" ON "orders" USING btree ("reseller_id","partner_id") WHERE reseller_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_held_idx" ON "orders" USING btree ("partner_id","created_at","id") WHERE status = 'held';--> statement-breakpoint
-- ===== Hand-written (keep at the end when renumbering): row-level security of the new tenant tables, as 0019's tail. =====
ALTER TABLE "price_books" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "price_books" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "price_books" USING ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id"))) WITH CHECK ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id")));
--> statement-breakpoint
ALTER TABLE "price_groups" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "price_groups" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "price_groups" USING ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id"))) WITH CHECK ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id")));
--> statement-breakpoint
ALTER TABLE "price_group_members" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "price_group_members" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "price_group_members" USING ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id"))) WITH CHECK ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id")));
--> statement-breakpoint
ALTER TABLE "price_book_entries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "price_book_entries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "price_book_entries" USING ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "buyer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "buyer_id"))) WITH CHECK ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "buyer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "buyer_id")));
--> statement-breakpoint
ALTER TABLE "credit_terms" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "credit_terms" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "credit_terms" USING ((SELECT trellis_system()) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("provider_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("provider_id", "reseller_id")));
