CREATE TABLE "subscription_quantity_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"reseller_id" uuid,
	"from_quantity" integer NOT NULL,
	"to_quantity" integer NOT NULL,
	"changed_by" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "next_term_quantity" integer;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "next_check_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "last_notice_days" integer;--> statement-breakpoint
ALTER TABLE "subscription_quantity_changes" ADD CONSTRAINT "subscription_quantity_changes_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_quantity_changes" ADD CONSTRAINT "subscription_quantity_changes_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_quantity_changes" ADD CONSTRAINT "subscription_quantity_changes_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_quantity_changes" ADD CONSTRAINT "subscription_quantity_changes_reseller_id_tenants_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscription_quantity_changes_subscription_idx" ON "subscription_quantity_changes" USING btree ("subscription_id","at");--> statement-breakpoint
CREATE INDEX "subscriptions_next_check_idx" ON "subscriptions" USING btree ("next_check_at","id") WHERE next_check_at IS NOT NULL;--> statement-breakpoint
-- Row-level security as on the subscriptions whose history it is (migration 0019).
ALTER TABLE "subscription_quantity_changes" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "subscription_quantity_changes" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "subscription_quantity_changes" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id")));
