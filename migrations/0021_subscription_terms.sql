CREATE TABLE "subscription_terms" (
	"subscription_id" uuid NOT NULL,
	"start" timestamp with time zone NOT NULL,
	"customer_id" uuid NOT NULL,
	"partner_id" uuid NOT NULL,
	"reseller_id" uuid,
	"currency" text NOT NULL,
	"partner_unit_price_minor" bigint NOT NULL,
	"reseller_unit_price_minor" bigint,
	"customer_unit_price_minor" bigint NOT NULL,
	CONSTRAINT "subscription_terms_subscription_id_start_pk" PRIMARY KEY("subscription_id","start")
);
--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "reseller_unit_price_minor" bigint;--> statement-breakpoint
ALTER TABLE "order_lines" ADD COLUMN "customer_unit_price_minor" bigint;--> statement-breakpoint
-- Lines ordered before price books sold at the offer's price at every tier.
UPDATE "order_lines" l SET "customer_unit_price_minor" = l."unit_price_minor",
  "reseller_unit_price_minor" = CASE WHEN o."reseller_id" IS NULL THEN NULL ELSE l."unit_price_minor" END
  FROM "orders" o WHERE o."id" = l."order_id";--> statement-breakpoint
ALTER TABLE "order_lines" ALTER COLUMN "customer_unit_price_minor" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "subscription_terms" ADD CONSTRAINT "subscription_terms_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_terms" ADD CONSTRAINT "subscription_terms_customer_id_tenants_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_terms" ADD CONSTRAINT "subscription_terms_partner_id_tenants_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_terms" ADD CONSTRAINT "subscription_terms_reseller_id_tenants_id_fk" FOREIGN KEY ("reseller_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;
--> statement-breakpoint
-- Each subscription's first term, at the prices of the line that made it.
INSERT INTO "subscription_terms" ("subscription_id", "start", "customer_id", "partner_id", "reseller_id", "currency", "partner_unit_price_minor", "reseller_unit_price_minor", "customer_unit_price_minor")
  SELECT s."id", s."term_start", s."customer_id", s."partner_id", s."reseller_id", o."currency", l."unit_price_minor", l."reseller_unit_price_minor", l."customer_unit_price_minor"
  FROM "subscriptions" s JOIN "order_lines" l ON l."subscription_id" = s."id" JOIN "orders" o ON o."id" = l."order_id";
--> statement-breakpoint
ALTER TABLE "subscription_terms" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "subscription_terms" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "subscription_terms" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id")));
