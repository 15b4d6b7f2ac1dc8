DROP INDEX "bulk_move_items_status_idx";--> statement-breakpoint
DROP INDEX "enrollments_queue_idx";--> statement-breakpoint
DROP INDEX "tenants_kind_created_idx";--> statement-breakpoint
DROP INDEX "customer_relationships_partner_idx";--> statement-breakpoint
CREATE INDEX "bulk_move_items_pending_idx" ON "bulk_move_items" USING btree ("move_id","position") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "enrollments_review_queue_idx" ON "enrollments" USING btree ("created_at","id") WHERE status = 'pending_review';--> statement-breakpoint
CREATE INDEX "enrollments_created_idx" ON "enrollments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "invoices_drafts_idx" ON "invoices" USING btree ("period","id") WHERE status = 'draft';--> statement-breakpoint
CREATE INDEX "tenants_partners_created_idx" ON "tenants" USING btree ("created_at","id") WHERE kind = 'partner';--> statement-breakpoint
CREATE INDEX "customer_relationships_partner_idx" ON "customer_relationships" USING btree ("partner_id","created_at","id") WHERE status = 'active';