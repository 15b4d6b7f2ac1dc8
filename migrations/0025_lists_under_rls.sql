DROP INDEX "tenants_kind_created_idx";--> statement-breakpoint
DROP INDEX "customer_relationships_partner_idx";--> statement-breakpoint
CREATE INDEX "tenants_partners_created_idx" ON "tenants" USING btree ("created_at","id") WHERE kind = 'partner';--> statement-breakpoint
CREATE INDEX "customer_relationships_partner_idx" ON "customer_relationships" USING btree ("partner_id","created_at","id") WHERE status = 'active';