CREATE TABLE "license_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subscription_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"assigned_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "license_assignments" ADD CONSTRAINT "license_assignments_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_assignments" ADD CONSTRAINT "license_assignments_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_assignments" ADD CONSTRAINT "license_assignments_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "license_assignments_subscription_user_key" ON "license_assignments" USING btree ("subscription_id","user_id");--> statement-breakpoint
CREATE INDEX "license_assignments_subscription_idx" ON "license_assignments" USING btree ("subscription_id","created_at","id");--> statement-breakpoint
CREATE INDEX "license_assignments_customer_idx" ON "license_assignments" USING btree ("customer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "license_assignments_user_idx" ON "license_assignments" USING btree ("user_id");--> statement-breakpoint
-- Row-level security as on the subscriptions whose licenses they are (migration 0019): the customer's, and
-- the tenants linked to it (its partners, whose services say which of those rows a route shows).
ALTER TABLE "license_assignments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "license_assignments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "license_assignments" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id")));
