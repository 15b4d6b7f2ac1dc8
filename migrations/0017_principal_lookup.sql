-- The caller of a request, looked up on the request's own connection (issue 9, the cost of
-- row-level security): one statement finds the session's or API token's user, its tenant and
-- the operator's MFA requirement, and leaves the connection scoped to that tenant, where a
-- lookup on a system connection and then a statement setting the scope took two. SECURITY
-- DEFINER, in system mode for its own duration only: it reads credentials across tenants as
-- the lookup in system mode did; what it leaves behind is the caller's tenant, or no tenant
-- when nothing matched (failing closed). Only the owner and the server's role may call it.
CREATE OR REPLACE FUNCTION trellis_principal(credential text, hash text, at timestamptz)
RETURNS TABLE (
  user_id uuid, tenant_id uuid, email text, language text, roles text[], mfa_enabled boolean,
  tenant_kind text, mfa_required boolean, token_id uuid, token_roles text[], last_used_at timestamptz
)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public SET trellis.system = 'on' AS $$
#variable_conflict use_column
DECLARE
  matched boolean;
BEGIN
  IF credential = 'session' THEN
    SELECT u.id, u.tenant_id, u.email::text, u.language, u.roles, u.totp_enabled_at IS NOT NULL, t.kind::text,
           coalesce(st.value::text = 'true', false), NULL::uuid, NULL::text[], NULL::timestamptz
      INTO user_id, tenant_id, email, language, roles, mfa_enabled, tenant_kind, mfa_required, token_id, token_roles, last_used_at
      FROM sessions s
      JOIN users u ON u.id = s.user_id
      JOIN tenants t ON t.id = u.tenant_id
      LEFT JOIN settings st ON st.key = 'requireMfaForPartnerUsers'
     WHERE s.token_hash = hash AND s.expires_at > at AND u.status = 'active';
  ELSIF credential = 'api_token' THEN
    SELECT u.id, u.tenant_id, u.email::text, u.language, u.roles, u.totp_enabled_at IS NOT NULL, t.kind::text,
           coalesce(st.value::text = 'true', false), a.id, a.roles, a.last_used_at
      INTO user_id, tenant_id, email, language, roles, mfa_enabled, tenant_kind, mfa_required, token_id, token_roles, last_used_at
      FROM api_tokens a
      JOIN users u ON u.id = a.user_id
      JOIN tenants t ON t.id = u.tenant_id
      LEFT JOIN settings st ON st.key = 'requireMfaForPartnerUsers'
     WHERE a.token_hash = hash AND a.expires_at > at AND a.revoked_at IS NULL AND u.status = 'active';
  ELSE
    RAISE EXCEPTION 'unknown credential kind %', credential;
  END IF;
  matched := FOUND;
  PERFORM set_config('trellis.tenant_ids', CASE WHEN matched THEN tenant_id::text ELSE '' END, false);
  IF matched THEN
    RETURN NEXT;
  END IF;
END
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION trellis_principal(text, text, timestamptz) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION trellis_principal(text, text, timestamptz) TO trellis_app;
