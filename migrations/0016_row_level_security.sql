-- Row-level security (issue 9, part 2, item 5). Requests and background work run as trellis_app,
-- a role without BYPASSRLS; the tables belong to the owner, who runs these migrations. Every table
-- holding one tenant's rows (or rows between two tenants) is ENABLEd and FORCEd, and a row is
-- visible and writable only in system mode (trellis.system = 'on': the worker, timers, the
-- operator, credential look-ups) or when one of its tenant columns is among trellis.tenant_ids.
-- With neither setting, a connection sees no tenant row and can write none.
DO $$
BEGIN
  CREATE ROLE trellis_app NOLOGIN NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles are the cluster's: another database of it made the role first
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  -- The owner switches to the role on each connection (SET ROLE needs membership).
  EXECUTE format('GRANT trellis_app TO %I', current_user);
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'could not grant trellis_app to %: %', current_user, SQLERRM;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO trellis_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO trellis_app;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO trellis_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO trellis_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO trellis_app;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION trellis_system() RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce(current_setting('trellis.system', true), '') = 'on'
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION trellis_tenant_ids() RETURNS uuid[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_to_array(nullif(current_setting('trellis.tenant_ids', true), ''), ',')::uuid[], '{}'::uuid[])
$$;
--> statement-breakpoint
-- Links between tenants (tenant_links, migration 0015): every row that joins two tenants links
-- them both ways, whatever its status, and links are never removed. Kept by triggers, filled
-- here from the rows that exist (before the policies below hide them from the owner too).
CREATE OR REPLACE FUNCTION trellis_link_tenants() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  SELECT array_agg(DISTINCT e.value::uuid) INTO ids
    FROM jsonb_each_text(to_jsonb(NEW)) e WHERE e.key = ANY (TG_ARGV) AND e.value IS NOT NULL;
  INSERT INTO "tenant_links" ("viewer_id", "target_id")
    SELECT a, b FROM unnest(ids) a, unnest(ids) b WHERE a <> b
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "customer_id", "partner_id", "reseller_id" ON "customer_relationships" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('customer_id', 'partner_id', 'reseller_id');
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "provider_id", "reseller_id" ON "partnerships" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('provider_id', 'reseller_id');
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "provider_id", "reseller_id" ON "partnership_invitations" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('provider_id', 'reseller_id');
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "grantor_id", "grantee_id" ON "admin_grants" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('grantor_id', 'grantee_id');
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "grantor_id", "grantee_id" ON "admin_grant_requests" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('grantor_id', 'grantee_id');
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "partner_id", "provider_id", "customer_id", "accepted_customer_id" ON "relationship_requests" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('partner_id', 'provider_id', 'customer_id', 'accepted_customer_id');
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "partner_id", "provider_id" ON "bulk_moves" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('partner_id', 'provider_id');
--> statement-breakpoint
CREATE TRIGGER "tenant_links" AFTER INSERT OR UPDATE OF "partner_id", "customer_id" ON "affiliations" FOR EACH ROW EXECUTE FUNCTION trellis_link_tenants('partner_id', 'customer_id');
--> statement-breakpoint
INSERT INTO "tenant_links" ("viewer_id", "target_id")
  SELECT DISTINCT a, b FROM (SELECT ARRAY["customer_id", "partner_id", "reseller_id"] AS ids FROM "customer_relationships" UNION ALL SELECT ARRAY["provider_id", "reseller_id"] AS ids FROM "partnerships" UNION ALL SELECT ARRAY["provider_id", "reseller_id"] AS ids FROM "partnership_invitations" UNION ALL SELECT ARRAY["grantor_id", "grantee_id"] AS ids FROM "admin_grants" UNION ALL SELECT ARRAY["grantor_id", "grantee_id"] AS ids FROM "admin_grant_requests" UNION ALL SELECT ARRAY["partner_id", "provider_id", "customer_id", "accepted_customer_id"] AS ids FROM "relationship_requests" UNION ALL SELECT ARRAY["partner_id", "provider_id"] AS ids FROM "bulk_moves" UNION ALL SELECT ARRAY["partner_id", "customer_id"] AS ids FROM "affiliations") r, unnest(r.ids) a, unnest(r.ids) b
  WHERE a IS NOT NULL AND b IS NOT NULL AND a <> b
  ON CONFLICT DO NOTHING;
--> statement-breakpoint
ALTER TABLE "tenant_links" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tenant_links" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- A tenant reads the links from itself; the triggers write links for both sides of a new row.
CREATE POLICY "links_from" ON "tenant_links" FOR SELECT USING ((SELECT trellis_system()) OR "viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]));
--> statement-breakpoint
CREATE POLICY "links_made" ON "tenant_links" FOR INSERT WITH CHECK (true);
--> statement-breakpoint
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "tenants" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "tenants" USING ((SELECT trellis_system()) OR "id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("id"))) WITH CHECK ((SELECT trellis_system()) OR "id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("id")));
--> statement-breakpoint
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "users" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "sessions" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "sessions" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "api_tokens" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "api_tokens" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "api_tokens" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "action_tokens" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "action_tokens" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "action_tokens" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "partner_profiles" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "partner_profiles" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "partner_profiles" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "partner_id_proofs" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "partner_id_proofs" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "partner_id_proofs" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "enrollments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "enrollments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "enrollments" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "partner_capabilities" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "partner_capabilities" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "partner_capabilities" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "events" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "events" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "events" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "actor_tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id", "actor_tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "actor_tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id", "actor_tenant_id")));
--> statement-breakpoint
ALTER TABLE "mail_messages" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "mail_messages" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "mail_messages" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "idempotency_keys" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "idempotency_keys" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "idempotency_keys" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "agreement_acceptances" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "agreement_acceptances" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "agreement_acceptances" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "incentive_invitations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incentive_invitations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "incentive_invitations" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "incentive_enrollments" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "incentive_enrollments" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "incentive_enrollments" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "partnerships" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "partnerships" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "partnerships" USING ((SELECT trellis_system()) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("provider_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("provider_id", "reseller_id")));
--> statement-breakpoint
ALTER TABLE "partnership_invitations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "partnership_invitations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "partnership_invitations" USING ((SELECT trellis_system()) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("provider_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("provider_id", "reseller_id")));
--> statement-breakpoint
ALTER TABLE "directory_entries" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "directory_entries" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "directory_entries" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "customer_accounts" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "customer_accounts" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "customer_accounts" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "customer_domains" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "customer_domains" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "customer_domains" USING ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id"))) WITH CHECK ((SELECT trellis_system()) OR "tenant_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("tenant_id")));
--> statement-breakpoint
ALTER TABLE "customer_relationships" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "customer_relationships" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "customer_relationships" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "reseller_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id", "partner_id", "reseller_id")));
--> statement-breakpoint
ALTER TABLE "relationship_requests" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "relationship_requests" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "relationship_requests" USING ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "accepted_customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "provider_id", "customer_id", "accepted_customer_id"))) WITH CHECK ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "accepted_customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "provider_id", "customer_id", "accepted_customer_id")));
--> statement-breakpoint
ALTER TABLE "affiliations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "affiliations" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "affiliations" USING ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "customer_id"))) WITH CHECK ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "customer_id")));
--> statement-breakpoint
ALTER TABLE "admin_grants" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "admin_grants" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "admin_grants" USING ((SELECT trellis_system()) OR "grantor_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "grantee_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("grantor_id", "grantee_id"))) WITH CHECK ((SELECT trellis_system()) OR "grantor_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "grantee_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("grantor_id", "grantee_id")));
--> statement-breakpoint
ALTER TABLE "admin_grant_requests" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "admin_grant_requests" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "admin_grant_requests" USING ((SELECT trellis_system()) OR "grantor_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "grantee_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("grantor_id", "grantee_id"))) WITH CHECK ((SELECT trellis_system()) OR "grantor_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "grantee_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("grantor_id", "grantee_id")));
--> statement-breakpoint
ALTER TABLE "bulk_moves" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "bulk_moves" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY "tenant_rows" ON "bulk_moves" USING ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "provider_id"))) WITH CHECK ((SELECT trellis_system()) OR "partner_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR "provider_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("partner_id", "provider_id")));
--> statement-breakpoint
ALTER TABLE "bulk_move_items" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE "bulk_move_items" FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
-- An item is its move's (it may name a customer of another partner: it is then reported failed).
CREATE POLICY "tenant_rows" ON "bulk_move_items" USING ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "bulk_moves" m WHERE m."id" = "move_id") OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id"))) WITH CHECK ((SELECT trellis_system()) OR "customer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) OR EXISTS (SELECT 1 FROM "bulk_moves" m WHERE m."id" = "move_id") OR EXISTS (SELECT 1 FROM "tenant_links" l WHERE l."viewer_id" = ANY ((SELECT trellis_tenant_ids())::uuid[]) AND l."target_id" IN ("customer_id")));
--> statement-breakpoint
-- The directory is for every signed-in partner and customer to search: its listed entries are
-- readable from any tenant's scope (never from an empty one); each tenant writes only its own.
CREATE POLICY "listed_entries" ON "directory_entries" FOR SELECT USING ("listed" AND cardinality((SELECT trellis_tenant_ids())) > 0);
