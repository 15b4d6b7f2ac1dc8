-- Search by part of a name or domain sits on trigram indexes. PostgreSQL ships pg_trgm in its
-- contrib package; PGlite loads it as an extension given to its constructor (connect.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "customer_accounts_name_trgm_idx" ON "customer_accounts" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customer_accounts_domain_trgm_idx" ON "customer_accounts" USING gin ("primary_domain" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tenants_name_trgm_idx" ON "tenants" USING gin ("name" gin_trgm_ops);