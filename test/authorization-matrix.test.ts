import assert from 'node:assert/strict';
import { and, eq, sql } from 'drizzle-orm';
import { after, before, describe, it } from 'node:test';
import { hasPermission, markerPermissions, rolesByKind, type Permission, type TenantKind } from '../src/domain/roles.ts';
import { monthOf } from '../src/domain/invoicing.ts';
import { runInvoices } from '../src/modules/invoices/service.ts';
import { clock, DAY_MS } from '../src/platform/clock.ts';
import { systemCtx } from '../src/platform/context.ts';
import { invoices } from '../src/platform/db/schema.ts';
import { PASSWORD, TestTrellis, type Credentials, type Response } from './support/harness.ts';
import {
  member,
  newCustomer,
  ProgramFlow,
  unique,
  type Api,
  type Enrollment,
  type ProgramName,
  type ProgramPartner,
} from './support/program.ts';
import { attest, makeOffer, order } from './support/commerce.ts';

/**
 * The authorization matrix (issue #9): every route of the route table against every kind of
 * caller, and the answer each cell must get.
 *
 * Two worlds, A and B, each with a provider P, a reseller R of P's, a direct-bill partner D,
 * a partner M that moved from direct bill to indirect reseller (R-TRN-1..3; a reseller of P's
 * too, with a bulk move), a spare partner X, and customers: C (D's), CI (P's through R), CM
 * (P's through M). The callers are of world A:
 *
 *   anonymous;
 *   operator operator_admin, operator reviewer, operator support;
 *   direct | provider | reseller × global_admin, admin_agent, sales_agent, helpdesk_agent,
 *     billing_admin, incentive_admin (users of D, P and R with that one role);
 *   moved: M's global admin (and admin agent);
 *   customer global_admin, customer user (of C);
 *   grant:live, grant:expired, grant:none: D's global admin (and admin agent) on C, whose
 *     grant is live; on a customer whose one-day grant the clock has moved past; on one whose
 *     admin ended the grant while the relationship stays;
 *   token scoped (a D global admin's API token scoped to billing_admin), token unscoped (all
 *     its roles), token revoked, token expired.
 *
 * A route with an object in its path or body is called on world A's objects, the caller's own
 * ("own": its tenant's users, its customer, its relationship and grant with it, its requests),
 * and on world B's objects of the same kind ("foreign"); `seen()` says which are whose.
 *
 * The matrix is the table `matrix` below, one row per route. A row names the route's
 * permission (which must be the one the route declares) and says, in `needs`, what the route
 * asks beyond it. What a caller whose roles lack the permission gets is not written in the
 * rows but derived from the role table (src/domain/roles.ts): 403 naming the permission;
 * without credentials 401, and with a revoked or expired API token 401 on every route, the
 * public ones too. What each caller that holds the permission gets is written in `ok`, by
 * side and by caller, the most specific key first:
 *
 *   '<group> <role>'  e.g. 'direct sales_agent', 'customer user', 'operator support'
 *   '<caller>'        'grant:live', 'grant:expired', 'grant:none', 'token scoped', 'token unscoped'
 *   'token'           both live API tokens
 *   '<group>'         direct, provider, reseller, moved, customer, operator; the grant callers
 *                     and the tokens fall back to direct, as they are D's
 *   'partner'         every partner caller
 *   '*'               anyone else
 *
 * An expectation is a status, or a status and the problem's rule (R-…) or code. A plain 403
 * there is a refusal beyond the role table (it names no permission); the role table's own
 * refusals name the permission, and the test checks they do. A 404 must come from a lookup,
 * not from a URL no route matched. A 2xx must not show a caller what is not its own: some rows
 * check their lists (`shows`), and no answer to anyone but the operator names a tenant of B.
 *
 * Cells that change something do it to objects made for that cell (`fresh`), or change
 * nothing another cell reads (a rename to a name nobody checks, roles set to those held), so
 * the cells are independent of their order, with two exceptions the rows say: the MFA
 * activation rows run before the one that starts an enrolment, and signing out runs last.
 */

type Side = 'own' | 'foreign';
type Expect = number | `${number} ${string}`;
type ByCaller = Expect | { readonly [key: string]: Expect };
type Outcome = ByCaller | { own: ByCaller; foreign: ByCaller };
type Profile =
  | 'anonymous'
  | 'operator'
  | 'direct'
  | 'provider'
  | 'reseller'
  | 'moved'
  | 'customer'
  | 'grant:live'
  | 'grant:expired'
  | 'grant:none';

interface Partner extends ProgramPartner {
  partnerId: string;
  enrollment: Enrollment;
  accountEmail: string;
  registryEntry: { organizationName: string; countryCode: string; accountEmail: string; active: boolean };
  /** A user of the tenant (a sales agent) that no cell signs in as: the target of the user routes. */
  bystander: string;
}

interface Customer {
  id: string;
  /** Its first admin, signed in for fixtures (the matrix's customer admin has a session of its own). */
  admin: Api;
  email: string;
  password: string;
  /** A plain user (active in the home world: a password reset needs one). */
  user: { id: string; cookie?: string };
  /** Its active relationships and the grants it gave, by partner tenant id. */
  rel: Record<string, string>;
  grant: Record<string, { id: string; roles: string[] }>;
  /** A subscription of its, ordered by the partner that serves it (P through its reseller for CI and CM), once the world is made. */
  subscription: string;
}

interface World {
  P: Partner;
  R: Partner;
  D: Partner;
  /** A direct-bill partner that moved to indirect reseller (R-TRN-1..3), a reseller of P: bulk moves are its. */
  M: Partner;
  /** A spare reseller that also holds direct bill: operator cells end its partnerships and remove its capability. */
  X: Partner;
  C: Customer;
  /** A customer of P through R (R-CUS-3). */
  CI: Customer;
  /** A customer of P through M. */
  CM: Customer;
  /** A direct customer M kept after its move, for bulk moves. */
  CMd: string;
  /** Home world only: customers of D whose grant expired, and whose grant its admin ended. */
  Cexp?: Customer;
  Cnone?: Customer;
  /** The grant R gave P with the partnership (R-PRT-3). */
  providerGrant: { id: string; roles: string[] };
  rr: { D: string; R: string; M: string };
  /** A decided (rejected) grant request of each pair: readable by both sides, blocking no new one. */
  grantRequest: { D: string; P: string; M: string };
  invitation: string;
  link: string;
  bulkMove: string;
  proof: string;
  token: string;
  /** An offer priced in the United States: what the order cells buy. */
  offer: string;
  /** Home world only: an operator user (support) that no cell signs in as. */
  operatorBystander?: string;
  /**
   * This month's invoices, by seller and buyer (the run made for the matrix): the operator's to
   * D and P, D's to C, P's to R and M, R's to CI and M's to CM.
   */
  invoice: Record<'opD' | 'opP' | 'DC' | 'PR' | 'PM' | 'RCI' | 'MCM', string>;
}

interface Caller {
  name: string;
  kind: TenantKind | null;
  roles: string[];
  profile: Profile;
  keys: string[];
  credentials: Credentials;
  /** Revoked or expired API token. */
  dead?: boolean;
  /** An API token of the caller's user, for DELETE /v1/api-tokens/:id. */
  spareToken?: string;
}

/** The objects of one side as one caller sees them. */
interface Seen {
  profile: Profile;
  w: World;
  /** The caller's partner tenant on this side (none for customers, the operator, anonymous). */
  me: Partner | undefined;
  /** The caller's own tenant (the operator's, the customer's, or its partner's on this side). */
  home: string;
  /** Signed in as an admin of the caller's tenant on this side, for fixtures. */
  maker: Api;
  /** A user of the caller's tenant who is no admin: a bystander, or the customer's plain user. */
  user: string;
  token: string;
  enrollment: string;
  customer: Customer;
  relationship: string;
  grant: { id: string; roles: string[] };
  grantRequest: string;
  relationshipRequest: string;
  /** An invoice the caller's tenant issued (the operator's to D; the customer's is D's to C, which it received). */
  invoice: string;
  /** What a cell's fixture made for it. */
  x: Partial<Record<string, string>>;
}

interface Row {
  permission: Permission;
  /** What the route needs beyond the permission, and what a caller without it gets. */
  needs: string;
  params?: (o: Seen) => Record<string, string>;
  /** The URL to call, for a route whose path has a wildcard. */
  url?: string;
  query?: string;
  body?: (o: Seen, c: Caller) => unknown;
  /** Objects made for one cell (only for callers that hold the permission: the others are refused before any lookup). */
  fresh?: (o: Seen, c: Caller, side: Side) => Promise<Partial<Record<string, string>>>;
  /** 2: own and foreign objects (the default with path parameters). */
  sides?: 1 | 2;
  ok: Outcome;
  /** For a 2xx: what is wrong with what the answer shows this caller, if anything. */
  shows?: (res: Response, o: Seen, c: Caller) => string | undefined;
  /** The answer may name another world's tenants: a directory every partner searches. */
  sharedAcrossTenants?: true;
}

let t: TestTrellis;
let flow: ProgramFlow;
let operator: Api;
let operatorTenant: string;
let A: World;
let B: World;
let callers: Caller[] = [];
/** A user whose only use is to be signed in as, by POST /v1/sessions cells. */
let signInUser: string;

const partnerRoles = rolesByKind.partner;
const email = (what: string) => `${what}-${unique()}@matrix.example`;
const tokenOf = (link: string) => link.split('/links/')[1]!;

/** The body of an answer that must have this status (any: each fixture reads a field or two of its own route's shape). */
async function ok(res: Promise<Response> | Response, status: number): Promise<any> {
  const r = await res;
  assert.equal(r.status, status, r.raw);
  return r.body;
}

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

const publicRoute = 'nothing: public';
const self = 'the caller itself: its own session, password, MFA, tokens or tenant (an API token may not change them: 403)';
const roleOnly = "the role alone, on the caller's own tenant";
const ownTenant = "an object of the caller's own tenant (another tenant's: 404)";
const relationship = "partners: a relationship with the customer; a customer's admin: its own tenant (otherwise 404)";
const liveGrant = (what: string) =>
  `a relationship with the customer (otherwise 404), then a live grant of it that allows ${what} (otherwise 403 R-GRT-3)`;
const operatorStaff = 'operator staff: any tenant, of either world';
const providerOnly = 'an active indirect provider capability (otherwise 403)';
const resellerOnly = 'an active indirect reseller capability (otherwise 403 R-TRN-6)';

/** Objects made for one cell, by the admin of the caller's tenant. */
const fixtures = {
  /** A new customer the caller's tenant serves: a direct one, or one of P's through R or M. */
  async customer(o: Seen): Promise<string> {
    const extra =
      o.profile === 'provider' || o.profile === 'reseller'
        ? { resellerId: o.w.R.tenant.id }
        : o.profile === 'moved'
          ? { resellerId: o.w.M.tenant.id }
          : {};
    return (
      await newCustomer(
        o.profile === 'provider' || o.profile === 'reseller' || o.profile === 'moved' ? o.w.P.api : o.w.D.api,
        extra,
      )
    ).id;
  },
  /** A pending grant request from `asker` to `grantorId`. */
  async pendingGrantRequest(asker: Api, grantorId: string): Promise<string> {
    const made = await ok(asker.post('/v1/admin-grant-requests', { grantorId, roles: ['directory_reader'], days: 30 }), 201);
    return made.request.id;
  },
  /** A new grant from `grantorId` to `asker`, asked and approved. */
  async grant(asker: Api, grantorId: string, grantor: Api): Promise<string> {
    const id = await fixtures.pendingGrantRequest(asker, grantorId);
    return (await ok(grantor.post(`/v1/admin-grant-requests/${id}/approval`, {}), 200)).resultingGrantId;
  },
};

/** A new request of the direct-bill partner naming its customer C, of the world the cell looks at. */
async function namedRequest(o: Seen): Promise<string> {
  return (await ok(o.w.D.api.post('/v1/relationship-requests', { customerId: o.w.C.id }), 201)).request.id;
}

const capabilityOf: Partial<Record<Profile, ProgramName>> = {
  direct: 'direct_bill',
  'grant:live': 'direct_bill',
  'grant:expired': 'direct_bill',
  'grant:none': 'direct_bill',
  provider: 'indirect_provider',
  reseller: 'indirect_reseller',
  moved: 'indirect_reseller',
};

/** The docs, the OpenAPI document, metrics, health and markets: public reads, one row each. */
const publicReads: Record<string, string> = {
  'GET /docs': '/docs',
  'GET /docs/static/swagger-initializer.js': '/docs/static/swagger-initializer.js',
  'GET /docs/json': '/docs/json',
  'GET /docs/yaml': '/docs/yaml',
  'GET /docs/static/*': '/docs/static/swagger-ui.css',
  'GET /openapi.json': '/openapi.json',
  'GET /health': '/health',
  'GET /v1/markets': '/v1/markets',
  // What a refusal means: the rules and the error codes' pages, which problems' `type` points to.
  'GET /rules': '/rules',
  'GET /errors': '/errors',
  // Demo mode only; this Trellis runs in demo mode so that the route is in its table.
  'GET /v1/dev/mailbox': '/v1/dev/mailbox',
};

/**
 * Licenses of the caller's own customer: the provider holds no grant of its resellers' customers,
 * and the grant callers' grants do not read licenses (expired; ended).
 */
const licenseGrants = { provider: '403 R-GRT-3', 'grant:expired': '403 R-GRT-3', 'grant:none': '403 R-GRT-3' } as const;
const licenseReads = { ...licenseGrants, '*': 200 } as const;
/** Changing them: the provider orders, the reseller of record manages licenses (R-CUS-7). */
function licenseChanges(status: number) {
  return { ...licenseGrants, provider: '422 R-CUS-7', '*': status } as const;
}

const matrix: Record<string, Row> = {
  ...Object.fromEntries(
    Object.entries(publicReads).map(([route, url]) => [
      route,
      { permission: 'public', needs: publicRoute, url, ok: 200 } satisfies Row,
    ]),
  ),
  // The console's files: public, answered 404 here where no console is built (this file's Trellis has none).
  'GET /assets/*': { permission: 'public', needs: publicRoute, url: '/assets/index.js', ok: 404 },
  'GET /favicon.svg': { permission: 'public', needs: publicRoute, ok: 404 },
  'GET /errors/:code': {
    permission: 'public',
    needs: `${publicRoute}: the page a problem's type names`,
    params: () => ({ code: 'region_mismatch' }),
    sides: 1,
    ok: 200,
  },
  // Swagger UI's old address sends the browser on to /docs/.
  'GET /docs/static/index.html': { permission: 'public', needs: publicRoute, ok: 302 },

  // Identity: signing up and in, password links, the caller itself.
  'POST /v1/tenants': {
    permission: 'public',
    needs: publicRoute,
    body: () => ({
      kind: 'customer',
      name: `Signed up ${unique()}`,
      countryCode: 'US',
      admin: { email: email('signup'), name: 'Signed up', password: PASSWORD },
    }),
    // Always 202: the address is mailed a confirmation link (or word that it has an account).
    ok: 202,
  },
  'POST /v1/sign-up-confirmations': {
    permission: 'public',
    needs: `${publicRoute}; the token is an unknown one (404)`,
    body: () => ({ token: 'no-such-token' }),
    ok: 404,
  },
  'POST /v1/sessions': {
    permission: 'public',
    needs: publicRoute,
    body: () => ({ email: signInUser, password: PASSWORD }),
    ok: 201,
  },
  'POST /v1/password-setups': {
    permission: 'public',
    needs: `${publicRoute}; the token is an unknown one (404)`,
    body: () => ({ token: 'no-such-token', password: PASSWORD }),
    ok: 404,
  },
  'POST /v1/password-resets': {
    permission: 'public',
    needs: `${publicRoute}; 202 whether or not the address is a user's`,
    body: () => ({ email: email('nobody') }),
    ok: 202,
  },
  'POST /v1/email-verifications': {
    permission: 'public',
    needs: `${publicRoute}; the token is an unknown one (404)`,
    body: () => ({ token: 'no-such-token' }),
    ok: 404,
  },
  'GET /v1/links/:token': {
    permission: 'public',
    needs: `${publicRoute}: a link is a bearer secret, whoever holds it reads it`,
    params: (o) => ({ token: o.w.link }),
    sides: 1,
    ok: 200,
  },
  'GET /v1/tenants/current': { permission: 'signed_in', needs: self, ok: 200 },
  'GET /v1/me': { permission: 'signed_in', needs: self, ok: 200 },
  'PATCH /v1/me': {
    permission: 'signed_in',
    needs: 'the caller itself: its own name and language (a token may change them: they are no credential)',
    body: () => ({ language: 'en' }),
    ok: 200,
  },
  // These two run before POST /v1/me/totp: no user has an enrolment under way, none has MFA on.
  'POST /v1/me/totp/activation': {
    permission: 'signed_in',
    needs: `${self}; nothing to activate yet (409)`,
    body: () => ({ code: '123456' }),
    ok: { token: 403, '*': '409 mfa_not_started' },
  },
  'POST /v1/me/totp/deactivation': {
    permission: 'signed_in',
    needs: `${self}; MFA is off (409)`,
    body: () => ({ code: '123456' }),
    ok: { token: 403, '*': '409 mfa_not_enabled' },
  },
  'POST /v1/me/totp': { permission: 'signed_in', needs: self, ok: { token: 403, '*': 201 } },
  'PUT /v1/me/password': {
    permission: 'signed_in',
    needs: `${self}; the current password given is wrong (422)`,
    body: () => ({ currentPassword: 'not the password', newPassword: 'another long enough passphrase' }),
    ok: { token: 403, '*': '422 invalid_credentials' },
  },
  'POST /v1/api-tokens': {
    permission: 'signed_in',
    needs: self,
    body: () => ({ name: 'matrix', expiresInDays: 1 }),
    ok: { token: 403, '*': 201 },
  },
  'GET /v1/api-tokens': { permission: 'signed_in', needs: self, ok: 200 },
  'DELETE /v1/api-tokens/:id': {
    permission: 'signed_in',
    needs: `${self}: a token of its own user (revoking a revoked one is 204 again)`,
    params: (o) => ({ id: o.token }),
    ok: { own: { token: 403, '*': 204 }, foreign: { token: 403, '*': 404 } },
  },

  // Users of the caller's own tenant.
  'GET /v1/users': { permission: 'users.read', needs: roleOnly, ok: 200, shows: notOwn('tenantId') },
  'POST /v1/users': {
    permission: 'users.manage',
    needs: roleOnly,
    body: (_o, c) => ({ email: email('added'), name: 'Added in the matrix', roles: plainRoles(c) }),
    ok: 201,
  },
  'GET /v1/users/:id': {
    permission: 'users.read',
    needs: ownTenant,
    params: (o) => ({ id: o.user }),
    ok: { own: 200, foreign: 404 },
  },
  'PATCH /v1/users/:id': {
    permission: 'users.manage',
    needs: `${ownTenant}; a user who is no admin`,
    params: (o) => ({ id: o.user }),
    body: () => ({ name: 'Renamed in the matrix' }),
    ok: { own: 200, foreign: 404 },
  },
  'PUT /v1/users/:id/roles': {
    permission: 'roles.grant',
    needs: `${ownTenant}; the roles it holds, so nothing changes`,
    params: (o) => ({ id: o.user }),
    body: (_o, c) => ({ roles: plainRoles(c) }),
    ok: { own: 200, foreign: 404 },
  },
  'POST /v1/users/:id/password-resets': {
    permission: 'users.manage',
    needs: `${ownTenant}; an active user is mailed (the customer's), an invited one is 409 (the partners' and operator's bystanders)`,
    params: (o) => ({ id: o.user }),
    ok: { own: { customer: 202, '*': '409 user_not_active' }, foreign: 404 },
  },
  'GET /v1/audit-events': {
    permission: 'audit.read',
    needs: `${roleOnly} (operator staff: every tenant's)`,
    ok: 200,
    shows: (res, o, c) => (c.kind === 'operator' ? undefined : notOwn('tenantId')(res, o)),
  },

  // The operator's settings and registry.
  'GET /v1/operator/settings': { permission: 'operator.admin', needs: operatorStaff, ok: 200 },
  'PATCH /v1/operator/settings': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; the link expiry set to its default`,
    body: () => ({ linkExpiryDays: 7 }),
    ok: 200,
  },
  'GET /v1/operator/partner-ids/:partnerId': {
    permission: 'operator.admin',
    needs: operatorStaff,
    params: (o) => ({ partnerId: o.w.D.partnerId }),
    ok: 200,
  },
  'PUT /v1/operator/partner-ids/:partnerId': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; the entry as it is`,
    params: (o) => ({ partnerId: o.w.D.partnerId }),
    body: (o) => o.w.D.registryEntry,
    ok: 200,
  },
  'POST /v1/operator/partners/:id/offboarding': {
    permission: 'operator.review',
    needs: `${operatorStaff}; a direct-bill partner (identifying it twice changes nothing)`,
    params: (o) => ({ id: o.w.D.tenant.id }),
    ok: 204,
  },
  'DELETE /v1/operator/partners/:id/capabilities/:capability': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; the spare partner's direct bill, given back before each cell`,
    params: (o) => ({ id: o.w.X.tenant.id, capability: 'direct_bill' }),
    fresh: async (o) => {
      const info = await ok(o.w.X.api.get('/v1/partner/program-info'), 200);
      if (
        !info.capabilities.some(
          (c: { capability: string; status: string }) => c.capability === 'direct_bill' && c.status === 'active',
        )
      ) {
        await flow.join(o.w.X, 'direct_bill');
      }
      return {};
    },
    ok: 204,
  },

  // The partner's own profile and program membership.
  'GET /v1/partner/profile': { permission: 'program.read', needs: 'a partner tenant: its own profile', ok: 200 },
  'PUT /v1/partner/profile': {
    permission: 'program.enroll',
    needs: 'a partner tenant: its own profile; no section given, so nothing changes',
    body: () => ({}),
    ok: 200,
  },
  'POST /v1/partner/partner-id-links': {
    permission: 'program.enroll',
    needs: "a partner tenant; the partner ID its own (another world's partner's: 422 R-ENR-1, taken)",
    body: (o) => ({ partnerId: o.me?.partnerId ?? 'PN-none' }),
    // Codes are capped a day per partner ID and per partner (R-ENR-1): each cell starts a new day
    // for the proofs already asked, so the cap answers no cell of the matrix.
    fresh: async (o) => {
      await t.db.execute(sql`UPDATE partner_id_proofs SET created_at = created_at - interval '1 day'`);
      return o.x;
    },
    sides: 2,
    ok: { own: 201, foreign: '422 R-ENR-1' },
  },
  'POST /v1/partner/partner-id-links/:id/verification': {
    permission: 'program.enroll',
    needs: `${ownTenant}: a link the tenant started, with its mailed code`,
    params: (o) => ({ id: o.x.proof ?? o.w.proof }),
    body: (o) => ({ code: o.x.code ?? '000000' }),
    fresh: async (o, _c, side) => {
      if (side === 'foreign' || !o.me) return {};
      // The codes mailed before are written first, so that the newest mail is this link's.
      await t.mailTo(o.me.accountEmail);
      const proof = await ok(o.maker.post('/v1/partner/partner-id-links', { partnerId: o.me.partnerId }), 201);
      return { proof: proof.id, code: await flow.partnerIdCode(o.me.accountEmail) };
    },
    ok: { own: 200, foreign: 404 },
  },
  'DELETE /v1/partner/capabilities/:capability': {
    permission: 'program.enroll',
    needs: 'a partner tenant, its own capability; indirect reseller never leaves (409 R-TRN-4), so nothing changes',
    params: () => ({ capability: 'indirect_reseller' }),
    sides: 1,
    ok: '409 R-TRN-4',
  },
  'POST /v1/enrollments': {
    permission: 'program.enroll',
    needs: 'a partner tenant; a program it holds already (409), so nothing changes',
    body: (o) => ({ program: capabilityOf[o.profile] ?? 'direct_bill' }),
    ok: '409 already_enrolled',
  },
  'GET /v1/enrollments': {
    permission: 'program.read',
    needs: 'a partner tenant: its own enrollments',
    ok: 200,
    shows: notOwn('tenantId'),
  },
  'GET /v1/enrollments/:id': {
    permission: 'program.read',
    needs: ownTenant,
    params: (o) => ({ id: o.enrollment }),
    ok: { own: 200, foreign: 404 },
  },
  'GET /v1/partner/program-info': { permission: 'program.read', needs: 'a partner tenant: its own', ok: 200 },
  'GET /v1/operator/enrollments': { permission: 'operator.review', needs: operatorStaff, ok: 200 },
  'GET /v1/operator/enrollment-stats': { permission: 'operator.review', needs: operatorStaff, ok: 200 },
  'GET /v1/operator/partners': { permission: 'operator.read', needs: operatorStaff, ok: 200 },
  'GET /v1/operator/partners/:id': {
    permission: 'operator.read',
    needs: operatorStaff,
    params: (o) => ({ id: o.w.D.tenant.id }),
    ok: 200,
  },
  'GET /v1/operator/enrollments/:id': {
    permission: 'operator.review',
    needs: operatorStaff,
    params: (o) => ({ id: o.w.D.enrollment.id }),
    ok: 200,
  },
  'POST /v1/operator/enrollments/:id/approval': {
    permission: 'operator.review',
    needs: `${operatorStaff}; an enrollment approved already (409)`,
    params: (o) => ({ id: o.w.D.enrollment.id }),
    ok: '409 enrollment_decided',
  },
  'POST /v1/operator/enrollments/:id/rejection': {
    permission: 'operator.review',
    needs: `${operatorStaff}; an enrollment approved already (409)`,
    params: (o) => ({ id: o.w.D.enrollment.id }),
    body: () => ({ reason: 'matrix' }),
    ok: '409 enrollment_decided',
  },
  'POST /v1/operator/enrollments/:id/requirements-confirmation': {
    permission: 'operator.review',
    needs: `${operatorStaff}; an enrollment approved already (409)`,
    params: (o) => ({ id: o.w.D.enrollment.id }),
    body: () => ({ apiIntegration: true, billing: true, support: true }),
    ok: '409 enrollment_decided',
  },

  // Agreements: the customer agreement, so that no partner's readiness depends on the cells.
  'GET /v1/agreements/:type': {
    permission: 'agreements.read',
    needs: 'the role alone: the version in effect, with its own tenant acceptance',
    params: () => ({ type: 'customer-agreement' }),
    sides: 1,
    ok: 200,
  },
  'POST /v1/agreements/:type/acceptances': {
    permission: 'agreements.accept',
    needs: 'a tenant of the kind that accepts it: the customer agreement is accepted by customers (partners: 403)',
    params: () => ({ type: 'customer-agreement' }),
    body: () => ({ version: '1' }),
    sides: 1,
    ok: { customer: 201, partner: 403 },
  },
  'POST /v1/operator/agreements': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; a version effective in 2100, so the one in effect stays`,
    body: () => ({
      type: 'customer_agreement',
      version: `future-${unique()}`,
      title: 'A future customer agreement',
      body: 'Later.',
      effectiveAt: '2100-01-01T00:00:00.000Z',
    }),
    ok: 201,
  },
  'GET /v1/operator/agreements': {
    permission: 'operator.admin',
    needs: operatorStaff,
    query: '?type=customer_agreement',
    ok: 200,
  },

  // Incentives.
  'POST /v1/operator/incentive-programs': {
    permission: 'operator.admin',
    needs: operatorStaff,
    body: () => ({ name: `Program ${unique()}`, kind: 'direct_bill' }),
    ok: 201,
  },
  'GET /v1/operator/incentive-programs': { permission: 'operator.admin', needs: operatorStaff, ok: 200 },
  'GET /v1/incentives/programs': { permission: 'incentives.manage', needs: 'a partner tenant', ok: 200 },
  'GET /v1/incentives/invitations': { permission: 'incentives.manage', needs: 'a partner tenant', ok: 200 },
  'POST /v1/incentives/programs/:id/enrollments': {
    permission: 'incentives.manage',
    needs: "a partner tenant holding the program's capability (R-INC-1); a new program for each cell",
    params: (o) => ({ id: o.x.program! }),
    fresh: async (o) => {
      const kind = capabilityOf[o.profile];
      const made = await ok(operator.post('/v1/operator/incentive-programs', { name: `Program ${unique()}`, kind }), 201);
      return { program: made.id };
    },
    sides: 1,
    ok: 201,
  },

  // Partnerships (R-PRT-*).
  'POST /v1/partnership-invitations': {
    permission: 'partnerships.invite',
    needs: providerOnly,
    body: () => ({ email: email('invitee') }),
    ok: { provider: 201, partner: 403 },
  },
  'GET /v1/partnership-invitations': {
    permission: 'partnerships.invite',
    needs: providerOnly,
    ok: { provider: 200, partner: 403 },
  },
  'GET /v1/partnership-invitations/:id': {
    permission: 'partnerships.invite',
    needs: `${providerOnly}; its own invitation (otherwise 404)`,
    params: (o) => ({ id: o.w.invitation }),
    ok: { own: { provider: 200, partner: 403 }, foreign: { provider: 404, partner: 403 } },
  },
  'POST /v1/partnership-invitations/:id/revocation': {
    permission: 'partnerships.invite',
    needs: `${providerOnly}; its own invitation (otherwise 404), a new one for each cell`,
    params: (o) => ({ id: o.x.invitation ?? o.w.invitation }),
    fresh: async (o, c, side) =>
      side === 'own' && c.profile === 'provider'
        ? { invitation: (await ok(o.w.P.api.post('/v1/partnership-invitations', { email: email('invitee') }), 201)).id }
        : {},
    ok: { own: { provider: 200, partner: 403 }, foreign: { provider: 404, partner: 403 } },
  },
  'POST /v1/partnership-invitations/:id/resends': {
    permission: 'partnerships.invite',
    needs: `${providerOnly}; its own invitation (otherwise 404)`,
    params: (o) => ({ id: o.w.invitation }),
    ok: { own: { provider: 200, partner: 403 }, foreign: { provider: 404, partner: 403 } },
  },
  'GET /v1/indirect-resellers': {
    permission: 'partnerships.read',
    needs: providerOnly,
    ok: { provider: 200, partner: 403 },
  },
  'GET /v1/partner/dashboard': {
    permission: 'customers.read',
    needs: providerOnly,
    ok: { provider: 200, partner: 403 },
  },
  'GET /v1/indirect-providers': {
    permission: 'partnerships.read',
    needs: resellerOnly,
    ok: { reseller: 200, moved: 200, partner: '403 R-TRN-6' },
  },
  'GET /v1/operator/partners/:id/partnerships': {
    permission: 'operator.read',
    needs: operatorStaff,
    params: (o) => ({ id: o.w.P.tenant.id }),
    ok: 200,
  },
  'POST /v1/operator/partnerships/:id/ending': {
    permission: 'operator.support',
    needs: `${operatorStaff}; a partnership made for each cell`,
    params: (o) => ({ id: o.x.partnership! }),
    body: () => ({ supportRequest: 'SR-matrix' }),
    fresh: async (o) => ({ partnership: await flow.partnerUp(o.w.P, o.w.X) }),
    ok: 200,
  },
  'POST /v1/links/:token/acceptance': {
    permission: 'links.accept',
    needs:
      "a link of a kind the caller may accept: a relationship request is a customer's (a partner tenant is never a customer: 422 R-SELF-2); a new link for each cell",
    params: (o) => ({ token: o.x.link! }),
    fresh: async (o) => ({ link: tokenOf((await ok(o.w.D.api.post('/v1/relationship-requests', {}), 201)).link) }),
    sides: 1,
    ok: { customer: 201, partner: '422 R-SELF-2' },
  },

  // The providers' directory (R-DIR-1).
  'GET /v1/directory/providers': {
    permission: 'program.read',
    needs: "a partner tenant: the operator's official providers, of every world (R-DIR-1)",
    ok: 200,
    sharedAcrossTenants: true,
  },
  'GET /v1/partner/directory-entry': {
    permission: 'program.read',
    needs: 'a partner tenant: its own entry (only the provider has one; the others: 404)',
    ok: { provider: 200, partner: 404 },
  },
  'PUT /v1/partner/directory-entry': {
    permission: 'program.enroll',
    needs: 'an active indirect provider capability (otherwise 403 R-DIR-1); the same entry again',
    body: () => directoryEntry,
    ok: { provider: 200, partner: '403 R-DIR-1' },
  },

  // Customers (R-CUS-*).
  'POST /v1/customers': {
    permission: 'customers.create',
    needs:
      "direct bill (moved partners: 422 R-TRN-5; the body names nothing else, so both sides alike), or a provider naming its own reseller (another's: 422 R-CUS-3); resellers do not create customers (422 R-CUS-3)",
    body: (o) => ({
      companyName: `Customer ${unique()}`,
      primaryDomain: `customer-${unique()}.example`,
      countryCode: 'US',
      admin: { name: 'Customer admin', email: email('customer-admin') },
      ...(o.profile === 'provider' ? { resellerId: o.w.R.tenant.id } : {}),
    }),
    sides: 2,
    ok: {
      own: { direct: 201, provider: 201, reseller: '422 R-CUS-3', moved: '422 R-TRN-5' },
      foreign: { direct: 201, provider: '422 R-CUS-3', reseller: '422 R-CUS-3', moved: '422 R-TRN-5' },
    },
  },
  'GET /v1/customers': {
    permission: 'customers.read',
    needs: 'a partner tenant: its own customers',
    query: '?limit=500',
    ok: 200,
    shows: (res, o) => {
      const others = (res.body.items as { id: string }[]).filter((i) => notServed(o).includes(i.id));
      return others.length > 0 ? `customers it does not serve: ${JSON.stringify(others)}` : undefined;
    },
  },
  'GET /v1/customers/export': {
    permission: 'customers.read',
    needs: 'a partner tenant: its own customers',
    ok: 200,
    shows: (res, o) => {
      const others = notServed(o).filter((id) => res.raw.includes(id));
      return others.length > 0 ? `customers it does not serve: ${others.join(', ')}` : undefined;
    },
  },
  'GET /v1/customers/:id': {
    permission: 'customers.read',
    needs: `${relationship} (R-CUS-9); its users only under a grant that reads them`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: 200, foreign: 404 },
    shows: (res, o) =>
      readsUsers.includes(o.profile) === Array.isArray(res.body.users)
        ? undefined
        : `users ${JSON.stringify(res.body.users)} for a caller whose grant ${readsUsers.includes(o.profile) ? 'reads' : 'does not read'} them`,
  },
  'GET /v1/indirect-providers/:id/customers': {
    permission: 'customers.read',
    needs: `${resellerOnly}; one of its own providers (otherwise 404, R-CUS-6)`,
    params: (o) => ({ id: o.w.P.tenant.id }),
    ok: {
      own: { reseller: 200, moved: 200, partner: '403 R-TRN-6' },
      foreign: { reseller: 404, moved: 404, partner: '403 R-TRN-6' },
    },
  },
  'GET /v1/customers/:id/relationships': {
    permission: 'relationships.read',
    needs: `${relationship}; a partner sees its own relationships only (R-CUS-9)`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: 200, foreign: 404 },
    shows: (res, o, c) => {
      const items = res.body.items as { partner: { id: string } }[];
      if (items.length === 0) return 'no relationship';
      const others = c.kind === 'partner' ? items.filter((r) => r.partner.id !== o.home) : [];
      return others.length > 0 ? `another partner's relationships: ${JSON.stringify(others)}` : undefined;
    },
  },
  'POST /v1/customers/:id/relationships/:relationshipId/removal': {
    permission: 'relationships.manage',
    needs: `${relationship}; the relationship its own: a new one for each cell`,
    params: (o) => ({ id: o.x.customer ?? o.customer.id, relationshipId: o.x.relationship ?? o.relationship }),
    fresh: async (o, c, side) => {
      if (side === 'foreign') return {};
      if (c.profile === 'customer') {
        // The customer accepts a joint request of R and P, and ends R's relationship (and so P's).
        const made = await ok(o.w.R.api.post('/v1/relationship-requests', { providerId: o.w.P.tenant.id }), 201);
        await ok(o.w.C.admin.post(`/v1/links/${tokenOf(made.link)}/acceptance`, {}), 201);
        const rels = (await ok(o.w.C.admin.get(`/v1/customers/${o.w.C.id}/relationships`), 200)).items as {
          id: string;
          partner: { id: string };
        }[];
        return { relationship: rels.find((r) => r.partner.id === o.w.R.tenant.id)!.id };
      }
      const customer = await fixtures.customer(o);
      const detail = await ok(o.maker.get(`/v1/customers/${customer}`), 200);
      return { customer, relationship: detail.relationships[0].id };
    },
    ok: { own: 204, foreign: 404 },
  },
  'PUT /v1/operator/affiliations/:partnerId/:customerId': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; the spare partner and C, whose acceptances never involve it`,
    params: (o) => ({ partnerId: o.w.X.tenant.id, customerId: o.w.C.id }),
    body: () => ({ note: 'matrix' }),
    ok: 204,
  },
  'DELETE /v1/operator/affiliations/:partnerId/:customerId': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; an affiliation recorded for each cell`,
    params: (o) => ({ partnerId: o.w.X.tenant.id, customerId: o.w.C.id }),
    fresh: async (o) => {
      await ok(operator.put(`/v1/operator/affiliations/${o.w.X.tenant.id}/${o.w.C.id}`, {}), 204);
      return {};
    },
    ok: 204,
  },
  'GET /v1/customers/:id/users': {
    permission: 'customer_users.read',
    needs: liveGrant('reading its directory'),
    params: (o) => ({ id: o.customer.id }),
    ok: {
      own: {
        customer: 200,
        direct: 200,
        'grant:live': 200,
        'grant:expired': '403 R-GRT-3',
        'grant:none': '403 R-GRT-3',
        // A provider holds a relationship with its reseller's customer, and no grant of it.
        provider: '403 R-GRT-3',
        reseller: 200,
        moved: 200,
      },
      foreign: 404,
    },
  },
  'PUT /v1/operator/customers/:id/store-channel': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; the flag set as it is`,
    params: (o) => ({ id: o.w.C.id }),
    body: () => ({ storeChannel: false }),
    ok: 200,
  },

  // Relationship requests (R-CUS-1, R-CUS-2).
  'POST /v1/relationship-requests': {
    permission: 'relationship_requests.send',
    needs:
      'direct bill naming a customer of its own (another: 404), or an indirect reseller naming a provider of its own (another: 422 R-CUS-2); a provider sends none (422 R-CUS-2)',
    body: (o) =>
      o.profile === 'reseller' || o.profile === 'moved'
        ? { providerId: o.w.P.tenant.id }
        : o.profile === 'provider'
          ? {}
          : { customerId: o.customer.id },
    sides: 2,
    ok: {
      own: { provider: '422 R-CUS-2', partner: 201 },
      foreign: { direct: 404, partner: '422 R-CUS-2' },
    },
  },
  'GET /v1/relationship-requests': { permission: 'relationship_requests.send', needs: roleOnly, ok: 200 },
  'GET /v1/relationship-requests/:id': {
    permission: 'relationship_requests.send',
    // A provider sends none: its own side is the direct-bill partner's request of its world.
    needs: `${ownTenant}: a request the tenant sent`,
    params: (o) => ({ id: o.relationshipRequest }),
    ok: { own: { provider: 404, partner: 200 }, foreign: 404 },
  },
  'POST /v1/relationship-requests/:id/revocation': {
    permission: 'relationship_requests.send',
    needs: `${ownTenant}: a request the tenant sent, a new one for each cell`,
    params: (o) => ({ id: o.x.request ?? o.relationshipRequest }),
    fresh: async (o, c, side) => {
      if (side === 'foreign' || c.profile === 'provider') return {};
      const body = c.profile === 'reseller' || c.profile === 'moved' ? { providerId: o.w.P.tenant.id } : {};
      return { request: (await ok(o.maker.post('/v1/relationship-requests', body), 201)).request.id };
    },
    ok: { own: { provider: 404, partner: 200 }, foreign: 404 },
  },
  'POST /v1/relationship-requests/:id/resends': {
    permission: 'relationship_requests.send',
    needs: `${ownTenant}: a request the tenant sent (a resend keeps it pending)`,
    params: (o) => ({ id: o.relationshipRequest }),
    ok: { own: { provider: 404, partner: 200 }, foreign: 404 },
  },
  // The customer's side of relationship requests: those it received, and accepting one that names it.
  'GET /v1/customer/relationship-requests': {
    permission: 'relationships.accept',
    needs: "a customer's global admin: the requests its own tenant received",
    ok: 200,
  },
  'GET /v1/customer/relationship-requests/:id': {
    permission: 'relationships.accept',
    needs: `${ownTenant}: a request naming the customer, made for each cell`,
    params: (o) => ({ id: o.x.request ?? o.relationshipRequest }),
    fresh: async (o) => ({ request: await namedRequest(o) }),
    ok: { own: 200, foreign: 404 },
  },
  'POST /v1/customer/relationship-requests/:id/acceptance': {
    permission: 'relationships.accept',
    needs: `${ownTenant}: a pending request naming the customer (its partner's again: nothing new is made), one for each cell`,
    params: (o) => ({ id: o.x.request ?? o.relationshipRequest }),
    fresh: async (o) => ({ request: await namedRequest(o) }),
    ok: { own: 200, foreign: 404 },
  },

  // Delegated-admin grants (R-GRT-*).
  'GET /v1/admin-grants': {
    permission: 'grants.read',
    needs: 'the role alone: the grants its own tenant holds (side=held, the default) or gave',
    ok: 200,
    shows: notOwn('granteeId'),
  },
  'GET /v1/customers/:id/admin-grants': {
    permission: 'grants.read',
    needs: `${relationship}; a partner sees the grants it holds, the customer's admin all it gave`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: 200, foreign: 404 },
    shows: (res, o, c) => {
      const items = res.body.items as { grantorId: string; granteeId: string }[];
      const others = items.filter((g) => g.grantorId !== o.customer.id || (c.kind === 'partner' && g.granteeId !== o.home));
      return others.length > 0 ? `grants not its own: ${JSON.stringify(others)}` : undefined;
    },
  },
  'PATCH /v1/admin-grants/:id': {
    permission: 'grants.manage',
    needs:
      "the grant's grantor (its grantee: 403; anyone else: 404); narrowed to the roles it holds, so nothing changes. A customer's admin and R gave theirs; D, P, M and the grant callers hold theirs",
    params: (o) => ({ id: o.grant.id }),
    body: (o) => ({ roles: o.grant.roles }),
    ok: { own: { customer: 200, reseller: 200, partner: 403 }, foreign: 404 },
  },
  'POST /v1/admin-grants/:id/ending': {
    permission: 'grants.manage',
    needs: "the grant's grantor (its grantee: 403; anyone else: 404); a new grant for each grantor's cell",
    params: (o) => ({ id: o.x.grant ?? o.grant.id }),
    fresh: async (o, c, side) => {
      if (side === 'foreign') return {};
      if (c.profile === 'customer') return { grant: await fixtures.grant(o.w.D.api, o.w.C.id, o.w.C.admin) };
      if (c.profile === 'reseller') return { grant: await fixtures.grant(o.w.P.api, o.w.R.tenant.id, o.w.R.api) };
      return {};
    },
    ok: { own: { customer: 200, reseller: 200, partner: 403 }, foreign: 404 },
  },
  'POST /v1/admin-grant-requests': {
    permission: 'grants.manage',
    needs:
      'a partner tenant (customers: 403) asking a customer it has a relationship with (otherwise 404); a new customer for each cell, as one request may be pending per pair',
    body: (o) => ({ grantorId: o.x.customer ?? o.customer.id, roles: ['directory_reader'], days: 30 }),
    fresh: async (o, c, side) => (side === 'own' && c.profile !== 'customer' ? { customer: await fixtures.customer(o) } : {}),
    sides: 2,
    ok: { own: { customer: 403, partner: 201 }, foreign: { customer: 403, partner: 404 } },
  },
  'GET /v1/admin-grant-requests': {
    permission: 'grants.manage',
    needs: "the role alone: its own tenant's (side=sent, the default)",
    ok: 200,
    shows: notOwn('granteeId'),
  },
  'GET /v1/admin-grant-requests/:id': {
    permission: 'grants.manage',
    needs: 'either side of the request (otherwise 404): D, P and M asked, the customer and R were asked',
    params: (o) => ({ id: o.grantRequest }),
    ok: { own: 200, foreign: 404 },
  },
  'POST /v1/admin-grant-requests/:id/revocation': {
    permission: 'grants.manage',
    needs: 'the partner that asked (the grantor: 403; anyone else: 404); a new request for each cell',
    params: (o) => ({ id: o.x.request ?? o.grantRequest }),
    fresh: async (o, c, side) => {
      if (side === 'foreign') return {};
      if (c.profile === 'provider') return { request: await fixtures.pendingGrantRequest(o.w.P.api, o.w.R.tenant.id) };
      if (c.profile === 'moved') return { request: await fixtures.pendingGrantRequest(o.w.M.api, o.w.CM.id) };
      if (c.profile === 'reseller' || c.profile === 'customer') return {};
      return { request: await fixtures.pendingGrantRequest(o.w.D.api, o.w.C.id) };
    },
    ok: { own: { customer: 403, reseller: 403, partner: 200 }, foreign: 404 },
  },
  'POST /v1/admin-grant-requests/:id/approval': {
    permission: 'grants.decide',
    needs: "a global admin of the grantor (the partner that asked: 403; anyone else: 404); a new request for each grantor's cell",
    params: (o) => ({ id: o.x.request ?? o.grantRequest }),
    body: () => ({}),
    fresh: async (o, c, side) => {
      if (side === 'foreign') return {};
      if (c.profile === 'customer') return { request: await fixtures.pendingGrantRequest(o.w.D.api, o.w.C.id) };
      if (c.profile === 'reseller') return { request: await fixtures.pendingGrantRequest(o.w.P.api, o.w.R.tenant.id) };
      return {};
    },
    ok: { own: { customer: 200, reseller: 200, partner: 403 }, foreign: 404 },
  },
  'POST /v1/admin-grant-requests/:id/rejection': {
    permission: 'grants.decide',
    needs: "a global admin of the grantor (the partner that asked: 403; anyone else: 404); a new request for each grantor's cell",
    params: (o) => ({ id: o.x.request ?? o.grantRequest }),
    body: () => ({ reason: 'matrix' }),
    fresh: async (o, c, side) => {
      if (side === 'foreign') return {};
      if (c.profile === 'customer') return { request: await fixtures.pendingGrantRequest(o.w.D.api, o.w.C.id) };
      if (c.profile === 'reseller') return { request: await fixtures.pendingGrantRequest(o.w.P.api, o.w.R.tenant.id) };
      return {};
    },
    ok: { own: { customer: 200, reseller: 200, partner: 403 }, foreign: 404 },
  },

  // Delegated administration of a customer's users (R-GRT-3).
  'POST /v1/customers/:id/users': {
    permission: 'customers.manage',
    needs: liveGrant('managing users'),
    params: (o) => ({ id: o.customer.id }),
    body: () => ({ email: email('delegated'), name: 'Added under a grant', roles: ['user'] }),
    ok: { own: underGrant(201), foreign: 404 },
  },
  'PATCH /v1/customers/:id/users/:userId': {
    permission: 'customers.manage',
    needs: `${liveGrant('managing users')}; a user who is no admin`,
    params: (o) => ({ id: o.customer.id, userId: o.customer.user.id }),
    body: () => ({ name: 'Renamed under a grant' }),
    ok: { own: underGrant(200), foreign: 404 },
  },
  'PUT /v1/customers/:id/users/:userId/roles': {
    permission: 'customers.manage',
    needs: `${liveGrant('managing users')}; the roles it holds, so nothing changes`,
    params: (o) => ({ id: o.customer.id, userId: o.customer.user.id }),
    body: () => ({ roles: ['user'] }),
    ok: { own: underGrant(200), foreign: 404 },
  },
  'POST /v1/customers/:id/users/:userId/password-resets': {
    permission: 'support.act',
    needs: `${liveGrant('resetting passwords')}; an active user who is no admin`,
    params: (o) => ({ id: o.customer.id, userId: o.customer.user.id }),
    ok: { own: underGrant(202), foreign: 404 },
  },
  'GET /v1/indirect-resellers/:id/users': {
    permission: 'customers.read',
    needs:
      'a partnership with the reseller as its provider (otherwise 404), then a live grant of it that reads its directory (R-PRT-3, R-GRT-3)',
    params: (o) => ({ id: o.w.R.tenant.id }),
    ok: { own: { provider: 200, partner: 404 }, foreign: 404 },
  },

  // Bulk moves (R-TRN-9).
  'POST /v1/bulk-moves': {
    permission: 'relationship_requests.send',
    needs:
      'an indirect reseller naming one of its providers (otherwise 422 R-CUS-2) that still holds direct bill (otherwise 422 R-TRN-9): a moved partner',
    body: (o) => ({ providerId: o.w.P.tenant.id, customerIds: [o.w.CMd] }),
    sides: 2,
    ok: {
      own: { moved: 202, reseller: '422 R-TRN-9', partner: '422 R-CUS-2' },
      foreign: '422 R-CUS-2',
    },
  },
  'GET /v1/bulk-moves': { permission: 'relationship_requests.send', needs: roleOnly, ok: 200 },
  'GET /v1/bulk-moves/:id': {
    permission: 'relationship_requests.send',
    needs: `${ownTenant}: the moved partner's move`,
    params: (o) => ({ id: o.w.bulkMove }),
    ok: { own: { moved: 200, partner: 404 }, foreign: 404 },
  },
  'GET /v1/bulk-moves/:id/items': {
    permission: 'relationship_requests.send',
    needs: `${ownTenant}: the moved partner's move`,
    params: (o) => ({ id: o.w.bulkMove }),
    ok: { own: { moved: 200, partner: 404 }, foreign: 404 },
  },
  'POST /v1/bulk-moves/:id/cancellation': {
    permission: 'relationship_requests.send',
    needs: `${ownTenant}: the moved partner's move, a new one for each cell`,
    params: (o) => ({ id: o.x.move ?? o.w.bulkMove }),
    fresh: async (o, c, side) =>
      side === 'own' && c.profile === 'moved'
        ? {
            move: (await ok(o.w.M.api.post('/v1/bulk-moves', { providerId: o.w.P.tenant.id, customerIds: [o.w.CMd] }), 202)).id,
          }
        : {},
    ok: { own: { moved: 200, partner: 404 }, foreign: 404 },
  },

  // Commerce (issue 11): the catalog, the customer agreement, orders and subscriptions.
  'POST /v1/operator/offers': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; a new SKU for each cell`,
    body: () => ({
      sku: `SKU-${unique()}`,
      name: 'Matrix offer',
      kind: 'license_subscription',
      term: 'P1Y',
      billingCycle: 'monthly',
      minQuantity: 1,
      maxQuantity: 10,
    }),
    ok: 201,
  },
  'GET /v1/operator/offers': { permission: 'operator.read', needs: operatorStaff, ok: 200 },
  'PUT /v1/operator/offers/:id/prices': {
    permission: 'operator.admin',
    needs: `${operatorStaff}: the catalog is the installation's, so either world's offer; the prices it has`,
    params: (o) => ({ id: o.w.offer }),
    body: () => ({ prices: [{ market: 'United States', currency: 'USD', unitPriceMinor: 1200 }] }),
    ok: 200,
  },
  'POST /v1/operator/offers/:id/retirement': {
    permission: 'operator.admin',
    needs: `${operatorStaff}; a new offer for each cell`,
    params: (o) => ({ id: o.x.offer ?? o.w.offer }),
    fresh: async () => ({ offer: (await makeOffer(operator)).id }),
    ok: 200,
  },
  'GET /v1/offers': {
    permission: 'catalog.read',
    needs: 'the role alone: the catalog as a country sees it (R-CAT-1)',
    query: '?country=US',
    ok: 200,
  },
  'POST /v1/customers/:id/customer-agreement/attestations': {
    permission: 'orders.place',
    needs: `a relationship with the customer (otherwise 404, R-AGR-3)`,
    params: (o) => ({ id: o.customer.id }),
    body: () => ({ signerName: 'Matrix signer', signerEmail: 'signer@matrix.example', signedOn: '2026-01-15' }),
    ok: { own: 201, foreign: 404 },
  },
  'GET /v1/customers/:id/customer-agreement': {
    permission: 'orders.read',
    needs: `${relationship}; a partner sees its own attestations (R-CUS-9)`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: 200, foreign: 404 },
    shows: (res, o, c) => {
      const others = (res.body.attestations as { partnerId: string }[]).filter(
        (a) => c.kind === 'partner' && a.partnerId !== o.home,
      );
      return others.length > 0 ? `another partner's attestations: ${JSON.stringify(others)}` : undefined;
    },
  },
  'POST /v1/customers/:id/orders': {
    permission: 'orders.place',
    needs:
      'a relationship with the customer (otherwise 404): direct bill for a direct customer (R-TRN-8), a provider naming its reseller (R-CUS-4); a reseller leaves ordering to its provider (422 R-CUS-7, R-TRN-8 when it holds direct bill)',
    params: (o) => ({ id: o.customer.id }),
    body: (o) => ({
      lines: [{ offerId: o.w.offer, quantity: 1 }],
      ...(o.profile === 'provider' ? { resellerId: o.w.R.tenant.id } : {}),
    }),
    ok: { own: { direct: 201, provider: 201, reseller: '422 R-CUS-7', moved: '422 R-TRN-8' }, foreign: 404 },
  },
  'GET /v1/customers/:id/orders': {
    permission: 'orders.read',
    needs: `${relationship}; a partner sees the orders it placed or is reseller of record of (R-CUS-9)`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: 200, foreign: 404 },
    shows: (res, o, c) => {
      const items = res.body.items as { orderedBy: { partnerId: string }; resellerOfRecord: { id: string } | null }[];
      const others = items.filter(
        (i) => c.kind === 'partner' && i.orderedBy.partnerId !== o.home && i.resellerOfRecord?.id !== o.home,
      );
      return others.length > 0 ? `another partner's orders: ${JSON.stringify(others[0])}` : undefined;
    },
  },
  'GET /v1/customers/:id/subscriptions': {
    permission: 'subscriptions.read',
    needs: `${relationship}; a partner sees the subscriptions it ordered or is partner of record of (R-CUS-9)`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: 200, foreign: 404 },
    shows: (res, o, c) => {
      const items = res.body.items as { orderedBy: { id: string }; partnerOfRecord: { id: string } }[];
      const others = items.filter((i) => c.kind === 'partner' && i.orderedBy.id !== o.home && i.partnerOfRecord.id !== o.home);
      return others.length > 0 ? `another partner's subscriptions: ${JSON.stringify(others[0])}` : undefined;
    },
  },

  'PATCH /v1/subscriptions/:id': {
    permission: 'subscriptions.manage',
    needs:
      "the subscription is the caller's (otherwise 404, R-CUS-9): its direct-bill partner or provider, or its reseller of record, who manages its renewal (R-CUS-7); a new subscription for each cell",
    params: (o) => ({ id: o.x.subscription ?? o.w.offer }),
    fresh: async (o) => {
      // The partner that orders for the side's customer: P through the caller's reseller, else D.
      const through = o.profile === 'reseller' || o.profile === 'provider' ? o.w.R : o.profile === 'moved' ? o.w.M : undefined;
      const placed = through
        ? await ok(order(o.w.P.api, o.customer.id, o.w.offer, 2, { resellerId: through.tenant.id }), 201)
        : await ok(order(o.w.D.api, o.customer.id, o.w.offer, 2), 201);
      return { subscription: placed.lines[0].subscriptionId as string };
    },
    body: () => ({ autoRenew: false }),
    ok: { own: 200, foreign: 404 },
  },

  // Price books (issue 11, part 6): a partner's own books, rules, groups and members; billing admins keep them.
  'POST /v1/partner/price-books': {
    permission: 'billing.manage',
    needs: roleOnly,
    body: () => ({ audience: 'customers', name: 'Matrix book' }),
    ok: 201,
  },
  'GET /v1/partner/price-books': {
    permission: 'billing.read',
    needs: `${roleOnly}: its own books`,
    ok: { customer: 403, '*': 200 },
  },
  'GET /v1/partner/price-books/:id': {
    permission: 'billing.read',
    needs: ownTenant,
    params: (o) => ({ id: o.x.book ?? o.w.offer }),
    fresh: priceBookFixture,
    ok: { own: { customer: 403, '*': 200 }, foreign: { customer: 403, '*': 404 } },
  },
  'PATCH /v1/partner/price-books/:id': {
    permission: 'billing.manage',
    needs: ownTenant,
    params: (o) => ({ id: o.x.book ?? o.w.offer }),
    fresh: priceBookFixture,
    body: () => ({ name: 'Renamed book' }),
    ok: { own: 200, foreign: 404 },
  },
  'DELETE /v1/partner/price-books/:id': {
    permission: 'billing.manage',
    needs: `${ownTenant}; a new book for each cell`,
    params: (o) => ({ id: o.x.book ?? o.w.offer }),
    fresh: priceBookFixture,
    ok: { own: 204, foreign: 404 },
  },
  'POST /v1/partner/price-books/:id/entries': {
    permission: 'billing.manage',
    needs: `${ownTenant}: a rule for the offer in a new book`,
    params: (o) => ({ id: o.x.book ?? o.w.offer }),
    fresh: priceBookFixture,
    body: (o) => ({ offerId: o.w.offer, rule: { kind: 'markup', basisPoints: 1000 } }),
    ok: { own: 201, foreign: 404 },
  },
  'GET /v1/partner/price-books/:id/entries': {
    permission: 'billing.read',
    needs: ownTenant,
    params: (o) => ({ id: o.x.book ?? o.w.offer }),
    fresh: priceBookFixture,
    ok: { own: { customer: 403, '*': 200 }, foreign: { customer: 403, '*': 404 } },
  },
  'PATCH /v1/partner/price-books/:id/entries/:entryId': {
    permission: 'billing.manage',
    needs: ownTenant,
    params: (o) => ({ id: o.x.book ?? o.w.offer, entryId: o.x.entry ?? o.w.offer }),
    fresh: priceBookFixture,
    body: () => ({ rule: { kind: 'markup', basisPoints: 500 } }),
    ok: { own: 200, foreign: 404 },
  },
  'DELETE /v1/partner/price-books/:id/entries/:entryId': {
    permission: 'billing.manage',
    needs: ownTenant,
    params: (o) => ({ id: o.x.book ?? o.w.offer, entryId: o.x.entry ?? o.w.offer }),
    fresh: priceBookFixture,
    ok: { own: 204, foreign: 404 },
  },
  'POST /v1/partner/price-groups': {
    permission: 'billing.manage',
    needs: roleOnly,
    body: () => ({ audience: 'resellers', name: 'Matrix group' }),
    ok: 201,
  },
  'GET /v1/partner/price-groups': {
    permission: 'billing.read',
    needs: `${roleOnly}: its own groups`,
    ok: { customer: 403, '*': 200 },
  },
  'GET /v1/partner/price-groups/:id': {
    permission: 'billing.read',
    needs: ownTenant,
    params: (o) => ({ id: o.x.group ?? o.w.offer }),
    fresh: priceGroupFixture,
    ok: { own: { customer: 403, '*': 200 }, foreign: { customer: 403, '*': 404 } },
  },
  'PATCH /v1/partner/price-groups/:id': {
    permission: 'billing.manage',
    needs: ownTenant,
    params: (o) => ({ id: o.x.group ?? o.w.offer }),
    fresh: priceGroupFixture,
    body: () => ({ name: 'Renamed group' }),
    ok: { own: 200, foreign: 404 },
  },
  'DELETE /v1/partner/price-groups/:id': {
    permission: 'billing.manage',
    needs: ownTenant,
    params: (o) => ({ id: o.x.group ?? o.w.offer }),
    fresh: priceGroupFixture,
    ok: { own: 204, foreign: 404 },
  },
  'POST /v1/partner/price-groups/:id/members': {
    permission: 'billing.manage',
    needs: `${ownTenant}, naming one of its own resellers (a provider) or customers (otherwise 404)`,
    params: (o) => ({ id: o.x.group ?? o.w.offer }),
    fresh: priceGroupFixture,
    body: (o) => ({ memberId: o.x.buyer ?? o.w.offer }),
    ok: { own: 201, foreign: 404 },
  },
  'GET /v1/partner/price-groups/:id/members': {
    permission: 'billing.read',
    needs: ownTenant,
    params: (o) => ({ id: o.x.group ?? o.w.offer }),
    fresh: priceGroupFixture,
    ok: { own: { customer: 403, '*': 200 }, foreign: { customer: 403, '*': 404 } },
  },
  'DELETE /v1/partner/price-groups/:id/members/:memberId': {
    permission: 'billing.manage',
    needs: ownTenant,
    params: (o) => ({ id: o.x.group ?? o.w.offer, memberId: o.x.buyer ?? o.w.offer }),
    fresh: async (o, c, side) => {
      const made = await priceGroupFixture(o, c, side);
      await ok(o.maker.post(`/v1/partner/price-groups/${made.group}/members`, { memberId: made.buyer }), 201);
      return made;
    },
    ok: { own: 204, foreign: 404 },
  },

  // Credit (R-CRD-1): a provider's terms for its reseller, the reseller's view, held orders and their decision.
  'GET /v1/indirect-resellers/:id/credit': {
    permission: 'billing.read',
    needs: "a provider's own reseller, a partnership now (otherwise 404)",
    params: (o) => ({ id: o.w.R.tenant.id }),
    ok: { own: { provider: 200, partner: 404, customer: 403 }, foreign: { customer: 403, '*': 404 } },
  },
  'PUT /v1/indirect-resellers/:id/credit': {
    permission: 'billing.manage',
    needs: "a provider's own reseller, a partnership now (otherwise 404); no limit, so that no other cell's order is held",
    params: (o) => ({ id: o.w.R.tenant.id }),
    body: () => ({ limitMinor: null, currency: 'USD', overLimit: 'hold', paymentTermDays: 30 }),
    ok: { own: { provider: 200, partner: 404 }, foreign: 404 },
  },
  'GET /v1/indirect-providers/:id/credit': {
    permission: 'billing.read',
    needs: `${resellerOnly}, then one of its own providers (otherwise 404)`,
    params: (o) => ({ id: o.w.P.tenant.id }),
    ok: {
      own: { reseller: 200, moved: 200, partner: '403 R-TRN-6', customer: '403 R-TRN-6' },
      foreign: { reseller: 404, moved: 404, partner: '403 R-TRN-6', customer: '403 R-TRN-6' },
    },
  },
  'GET /v1/partner/held-orders': {
    permission: 'billing.read',
    needs: `${roleOnly}: the held orders it placed or is reseller of record of`,
    ok: { customer: 403, '*': 200 },
    shows: (res, o) => {
      const items = res.body.items as { orderedBy: { partnerId: string }; resellerOfRecord: { id: string } | null }[];
      const others = items.filter((i) => i.orderedBy.partnerId !== o.home && i.resellerOfRecord?.id !== o.home);
      return others.length > 0 ? `another partner's held orders: ${JSON.stringify(others[0])}` : undefined;
    },
  },
  'POST /v1/orders/:id/approval': {
    permission: 'billing.manage',
    needs: 'the provider that placed the held order (anyone else: 404); a new held order for each cell',
    params: (o) => ({ id: o.x.order ?? o.w.offer }),
    fresh: heldOrderFixture,
    ok: { own: { provider: 200, partner: 404 }, foreign: 404 },
  },
  'POST /v1/orders/:id/rejection': {
    permission: 'billing.manage',
    needs: 'the provider that placed the held order (anyone else: 404); a new held order for each cell',
    params: (o) => ({ id: o.x.order ?? o.w.offer }),
    fresh: heldOrderFixture,
    ok: { own: { provider: 200, partner: 404 }, foreign: 404 },
  },
  // Licenses (issue 11, part 5): read under a grant that reads them, managed by the partner of record (R-CUS-7).
  'GET /v1/customers/:id/licenses': {
    permission: 'subscriptions.read',
    needs: `${relationship}; a partner under a live grant reading licenses (R-GRT-3), seeing its own subscriptions (R-CUS-9)`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: licenseReads, foreign: 404 },
    shows: (res, o, c) => {
      const items = res.body.items as { subscription: { orderedBy: { id: string }; partnerOfRecord: { id: string } } }[];
      const others = items.filter(
        (i) => c.kind === 'partner' && i.subscription.orderedBy.id !== o.home && i.subscription.partnerOfRecord.id !== o.home,
      );
      return others.length > 0 ? `another partner's subscriptions: ${JSON.stringify(others[0])}` : undefined;
    },
  },
  'GET /v1/customers/:id/license-assignments': {
    permission: 'subscriptions.read',
    needs: `${relationship}; a partner under a live grant reading licenses (R-GRT-3), of its own subscriptions (R-CUS-9)`,
    params: (o) => ({ id: o.customer.id }),
    ok: { own: licenseReads, foreign: 404 },
  },
  'GET /v1/subscriptions/:id/license-assignments': {
    permission: 'subscriptions.read',
    needs:
      "the subscription the customer's or the partner's (otherwise 404, R-CUS-9); a partner under a live grant reading licenses (R-GRT-3)",
    params: (o) => ({ id: o.customer.subscription }),
    ok: { own: licenseReads, foreign: 404 },
  },
  'POST /v1/subscriptions/:id/license-assignments': {
    permission: 'licenses.manage',
    needs:
      "the subscription the customer's or the partner's (otherwise 404); its partner of record, not the provider (422 R-CUS-7), under a live grant with license_admin (R-GRT-3); the customer's user's license removed before each cell",
    params: (o) => ({ id: o.customer.subscription }),
    body: (o) => ({ userId: o.customer.user.id }),
    fresh: async (o, _c, side) => {
      if (side === 'own')
        await o.customer.admin.delete(`/v1/subscriptions/${o.customer.subscription}/license-assignments/${o.customer.user.id}`);
      return {};
    },
    ok: { own: licenseChanges(201), foreign: 404 },
  },
  'DELETE /v1/subscriptions/:id/license-assignments/:userId': {
    permission: 'licenses.manage',
    needs: "as assigning one; the customer's user's license assigned by its admin before each cell",
    params: (o) => ({ id: o.customer.subscription, userId: o.customer.user.id }),
    fresh: async (o, _c, side) => {
      if (side === 'own') {
        // 201, or 200 when the cell before refused to remove it.
        const made = await o.customer.admin.post(`/v1/subscriptions/${o.customer.subscription}/license-assignments`, {
          userId: o.customer.user.id,
        });
        assert.ok(made.status === 201 || made.status === 200, made.raw);
      }
      return {};
    },
    ok: { own: licenseChanges(204), foreign: 404 },
  },
  // Invoices (issue 11, part 7): each party sees those it is seller or buyer of; the seller marks one paid.
  'GET /v1/invoices': {
    permission: 'billing.read',
    needs: 'the role alone: the invoices the caller received (side=received by default)',
    ok: 200,
    shows: (res, o) => invoicesNotMine(res, o),
  },
  'GET /v1/invoices/:id': {
    permission: 'billing.read',
    needs: 'an invoice the caller is seller or buyer of (otherwise 404)',
    params: (o) => ({ id: o.invoice }),
    ok: { own: 200, foreign: 404 },
  },
  'GET /v1/invoices/:id/lines': {
    permission: 'billing.read',
    needs: 'an invoice the caller is seller or buyer of (otherwise 404)',
    params: (o) => ({ id: o.invoice }),
    ok: { own: 200, foreign: 404 },
  },
  'GET /v1/invoices/:id/reconciliation.csv': {
    permission: 'billing.read',
    needs: 'an invoice the caller is seller or buyer of (otherwise 404)',
    params: (o) => ({ id: o.invoice }),
    ok: { own: 200, foreign: 404 },
  },
  'POST /v1/invoices/:id/payment': {
    permission: 'billing.manage',
    needs: 'an invoice the caller issued (its buyer: 403; anyone else: 404); marking it paid again changes nothing',
    params: (o) => ({ id: o.invoice }),
    ok: { own: 200, foreign: 404 },
  },
  'GET /v1/billing-preview': {
    permission: 'billing.read',
    needs: 'the role alone: the running month of what the caller will be invoiced (side=received by default)',
    ok: 200,
    shows: (res, o) => invoicesNotMine(res, o),
  },
  'GET /v1/operator/invoices': { permission: 'operator.read', needs: operatorStaff, ok: 200 },
  'GET /v1/operator/invoices/:id': {
    permission: 'operator.read',
    needs: `${operatorStaff}: the operator's invoices of either world`,
    params: (o) => ({ id: o.w.invoice.opD }),
    ok: 200,
  },
  'GET /v1/operator/invoices/:id/lines': {
    permission: 'operator.read',
    needs: `${operatorStaff}: the operator's invoices of either world`,
    params: (o) => ({ id: o.w.invoice.opD }),
    ok: 200,
  },
  'GET /v1/operator/invoices/:id/reconciliation.csv': {
    permission: 'operator.read',
    needs: `${operatorStaff}: the operator's invoices of either world`,
    params: (o) => ({ id: o.w.invoice.opD }),
    ok: 200,
  },
  'POST /v1/operator/invoices/:id/payment': {
    permission: 'operator.admin',
    needs: `${operatorStaff}: the operator's invoices of either world; marking one paid again changes nothing`,
    params: (o) => ({ id: o.w.invoice.opP }),
    ok: 200,
  },
  'GET /v1/operator/billing-preview': { permission: 'operator.read', needs: operatorStaff, ok: 200 },

  // Last: signing out ends the session every other row uses.
  'DELETE /v1/sessions/current': { permission: 'signed_in', needs: `${self} (an API token has no session: 204)`, ok: 204 },
};

/** A new order of the world's provider through its reseller, held past a zero limit (R-CRD-1); the limit is lifted after. */
async function heldOrderFixture(o: Seen): Promise<Partial<Record<string, string>>> {
  const { P, R, CI } = o.w;
  const terms = (limitMinor: number | null) =>
    ok(
      P.api.put(`/v1/indirect-resellers/${R.tenant.id}/credit`, {
        limitMinor,
        currency: 'USD',
        overLimit: 'hold',
        paymentTermDays: 30,
      }),
      200,
    );
  await terms(0);
  const placed = await ok(order(P.api, CI.id, o.w.offer, 1, { resellerId: R.tenant.id }), 201);
  await terms(null);
  assert.equal(placed.status, 'held');
  return { order: placed.id as string };
}

/** A new price book of the cell's partner (the other world's, on the foreign side) with one rule in it. */
async function priceBookFixture(o: Seen): Promise<Partial<Record<string, string>>> {
  // A customer reads billing (its invoices) but keeps no price book: its cells are refused before any lookup.
  if (o.profile === 'customer') return {};
  const book = await ok(o.maker.post('/v1/partner/price-books', { audience: 'customers', name: 'Matrix book' }), 201);
  const entry = await ok(
    o.maker.post(`/v1/partner/price-books/${book.id}/entries`, { rule: { kind: 'markup', basisPoints: 100 } }),
    201,
  );
  return { book: book.id, entry: entry.id };
}

/** A new price group of the cell's partner, and a buyer of its own to add: a provider's reseller, else a customer it serves. */
async function priceGroupFixture(o: Seen, _c?: Caller, _side?: Side): Promise<Partial<Record<string, string>>> {
  if (o.profile === 'customer') return {};
  const provider = o.profile === 'provider';
  const group = await ok(
    o.maker.post('/v1/partner/price-groups', { audience: provider ? 'resellers' : 'customers', name: 'Matrix group' }),
    201,
  );
  return { group: group.id, buyer: provider ? o.w.R.tenant.id : o.customer.id };
}

/** A role of the caller's tenant kind that is no admin role: what user cells give and set. */
function plainRoles(c: Caller): string[] {
  return c.kind === 'operator' ? ['support'] : c.kind === 'customer' ? ['user'] : ['sales_agent'];
}

/** The partners whose own customer's grant reads its directory: the customer's users are theirs to see (R-GRT-3). */
const readsUsers: Profile[] = ['direct', 'grant:live', 'reseller', 'moved'];

/** Invoices (or previews) of a list answer of which the caller's tenant is neither seller nor buyer. */
function invoicesNotMine(res: Response, o: Seen): string | undefined {
  const others = (res.body.items as { seller: { id: string }; buyer: { id: string } }[]).filter(
    (i) => i.seller.id !== o.home && i.buyer.id !== o.home,
  );
  return others.length > 0 ? `${others.length} invoice(s) of others: ${JSON.stringify(others[0])}` : undefined;
}

/** Items of a list answer whose `field` is not the caller's own tenant. */
function notOwn(field: string) {
  return (res: Response, o: Seen): string | undefined => {
    const others = (res.body.items as Record<string, unknown>[]).filter((i) => i[field] !== o.home);
    return others.length > 0 ? `${others.length} item(s) of another tenant (${field}): ${JSON.stringify(others[0])}` : undefined;
  };
}

/** The customers of the caller's world that its tenant does not serve: a list of its customers never shows them. */
function notServed(o: Seen): string[] {
  const { C, CI, CM, CMd, Cexp, Cnone } = o.w;
  const served: Partial<Record<Profile, string[]>> = {
    provider: [CI.id, CM.id],
    reseller: [CI.id],
    moved: [CM.id, CMd],
  };
  const all = [C.id, CI.id, CM.id, CMd, ...(Cexp ? [Cexp.id] : []), ...(Cnone ? [Cnone.id] : [])];
  const mine = served[o.profile] ?? [C.id, ...(Cexp ? [Cexp.id] : []), ...(Cnone ? [Cnone.id] : [])];
  return all.filter((id) => !mine.includes(id));
}

/** Every tenant of a world: a non-operator caller's answer never names one of the other world's. */
function tenantsOf(w: World): string[] {
  return [w.P, w.R, w.D, w.M, w.X].map((p) => p.tenant.id).concat([w.C.id, w.CI.id, w.CM.id, w.CMd]);
}

/** What a partner gets on its own customer's users: a live grant allowing it, or 403 R-GRT-3. */
function underGrant(status: number): ByCaller {
  return {
    direct: status,
    'grant:live': status,
    'grant:expired': '403 R-GRT-3',
    'grant:none': '403 R-GRT-3',
    // A provider holds a relationship with its reseller's customer, and no grant of it.
    provider: '403 R-GRT-3',
    reseller: status,
    moved: status,
  };
}

const directoryEntry = {
  description: 'Provider of the matrix',
  offers: ['support'],
  contactEmail: 'directory@matrix.example',
  listed: true,
};

// ---------------------------------------------------------------------------------------------
// Worlds and callers
// ---------------------------------------------------------------------------------------------

async function partner(program: ProgramName): Promise<Partner> {
  const p = await flow.partnerIn(program);
  // R-ENR-4: the first admin grants itself admin_agent to add users.
  await ok(p.api.put(`/v1/users/${p.admin.id}/roles`, { roles: ['global_admin', 'admin_agent'] }), 200);
  const entry = await ok(operator.get(`/v1/operator/partner-ids/${p.partnerId}`), 200);
  const bystander = await ok(
    p.api.post('/v1/users', { email: email('bystander'), name: 'Bystander', roles: ['sales_agent'] }),
    201,
  );
  return {
    ...p,
    partnerId: p.partnerId!,
    accountEmail: entry.accountEmail,
    registryEntry: {
      organizationName: entry.organizationName,
      countryCode: entry.countryCode,
      accountEmail: entry.accountEmail,
      active: entry.active,
    },
    bystander: bystander.id,
  };
}

/** A customer made by a partner, its admin signed in, with a plain user (active when `active`). */
async function customerBy(maker: Api, extra: Record<string, unknown>, active: boolean): Promise<Customer> {
  const made = await newCustomer(maker, extra);
  const admin = t.as({ cookie: await t.signIn(made.email, made.password) });
  const user = active
    ? await member(t, admin, ['user']).then((m) => ({ id: m.user.id, cookie: m.cookie }))
    : { id: (await ok(admin.post('/v1/users', { email: email('user'), name: 'User', roles: ['user'] }), 201)).id };
  const rels = (await ok(admin.get(`/v1/customers/${made.id}/relationships`), 200)).items as {
    id: string;
    partner: { id: string };
  }[];
  const grants = (await ok(admin.get(`/v1/customers/${made.id}/admin-grants`), 200)).items as {
    id: string;
    granteeId: string;
    roles: string[];
  }[];
  return {
    id: made.id,
    admin,
    email: made.email,
    password: made.password,
    user,
    rel: Object.fromEntries(rels.map((r) => [r.partner.id, r.id])),
    grant: Object.fromEntries(grants.map((g) => [g.granteeId, { id: g.id, roles: g.roles }])),
    subscription: '',
  };
}

/** A grant request from `asker`, rejected by the grantor: both sides read it, and it blocks no new one. */
async function decidedGrantRequest(asker: Api, grantorId: string, grantor: Api): Promise<string> {
  const id = await fixtures.pendingGrantRequest(asker, grantorId);
  await ok(grantor.post(`/v1/admin-grant-requests/${id}/rejection`, { reason: 'not now' }), 200);
  return id;
}

/** One world of tenants with one of every object; the home world also has the grant callers' customers. */
async function world(home: boolean): Promise<World> {
  const [P, R, D, M, X] = [
    await partner('indirect_provider'),
    await partner('indirect_reseller'),
    await partner('direct_bill'),
    await partner('direct_bill'),
    await partner('indirect_reseller'),
  ];
  await flow.join(X, 'direct_bill');
  await flow.partnerUp(P, R);
  const CMd = (await newCustomer(M.api)).id;
  await flow.moveToIndirect(M);
  await flow.partnerUp(P, M);
  const C = await customerBy(D.api, {}, home);
  const CI = await customerBy(P.api, { resellerId: R.tenant.id }, home);
  const CM = await customerBy(P.api, { resellerId: M.tenant.id }, home);
  const given = (await ok(R.api.get('/v1/admin-grants?side=given'), 200)).items[0];
  const request = async (api: Api, body: Record<string, unknown>) =>
    (await ok(api.post('/v1/relationship-requests', body), 201)) as { request: { id: string }; link: string };
  const w: World = {
    P,
    R,
    D,
    M,
    X,
    C,
    CI,
    CM,
    CMd,
    providerGrant: { id: given.id, roles: given.roles },
    rr: {
      D: (await request(D.api, {})).request.id,
      R: (await request(R.api, { providerId: P.tenant.id })).request.id,
      M: (await request(M.api, { providerId: P.tenant.id })).request.id,
    },
    grantRequest: {
      D: await decidedGrantRequest(D.api, C.id, C.admin),
      P: await decidedGrantRequest(P.api, R.tenant.id, R.api),
      M: await decidedGrantRequest(M.api, CM.id, CM.admin),
    },
    invitation: (await ok(P.api.post('/v1/partnership-invitations', { email: email('invitee') }), 201)).id,
    link: tokenOf((await request(D.api, {})).link),
    bulkMove: (await ok(M.api.post('/v1/bulk-moves', { providerId: P.tenant.id, customerIds: [CMd] }), 202)).id,
    proof: (await ok(D.api.post('/v1/partner/partner-id-links', { partnerId: D.partnerId }), 201)).id,
    token: (await ok(D.api.post('/v1/api-tokens', { name: 'world', expiresInDays: 30 }), 201)).id,
    offer: (await makeOffer(operator)).id,
    invoice: { opD: '', opP: '', DC: '', PR: '', PM: '', RCI: '', MCM: '' },
  };
  // R-AGR-3: each customer's agreement attested by a partner that serves it, so that orders reach the other rules.
  await attest(D.api, C.id);
  await attest(P.api, CI.id);
  await attest(P.api, CM.id);
  // Something to invoice at every tier (the invoice rows read this month's invoices of it).
  await ok(order(D.api, C.id, w.offer, 1), 201);
  await ok(order(P.api, CI.id, w.offer, 1, { resellerId: R.tenant.id }), 201);
  await ok(order(P.api, CM.id, w.offer, 1, { resellerId: M.tenant.id }), 201);
  await ok(P.api.put('/v1/partner/directory-entry', directoryEntry), 200);
  if (home) {
    // grant:expired: its default grant ended, a one-day grant replaced it; the clock moves two days before the cells.
    const Cexp = await customerBy(D.api, {}, false);
    await ok(Cexp.admin.post(`/v1/admin-grants/${Cexp.grant[D.tenant.id]!.id}/ending`), 200);
    const asked = await ok(
      D.api.post('/v1/admin-grant-requests', { grantorId: Cexp.id, roles: ['user_admin', 'helpdesk_admin'], days: 1 }),
      201,
    );
    const approved = await ok(Cexp.admin.post(`/v1/admin-grant-requests/${asked.request.id}/approval`, {}), 200);
    Cexp.grant[D.tenant.id] = { id: approved.resultingGrantId, roles: ['user_admin', 'helpdesk_admin'] };
    // grant:none: the relationship stays, its admin ended the grant.
    const Cnone = await customerBy(D.api, {}, false);
    await ok(Cnone.admin.post(`/v1/admin-grants/${Cnone.grant[D.tenant.id]!.id}/ending`), 200);
    await attest(D.api, Cexp.id);
    await attest(D.api, Cnone.id);
    Object.assign(w, { Cexp, Cnone });
  }
  // A subscription of each customer, for the license cells (issue 11, part 5).
  const subscribe = async (by: Partner, customer: Customer, reseller?: Partner) =>
    (customer.subscription = (
      await ok(order(by.api, customer.id, w.offer, 100, reseller ? { resellerId: reseller.tenant.id } : {}), 201)
    ).lines[0].subscriptionId);
  await subscribe(D, C);
  await subscribe(P, CI, R);
  await subscribe(P, CM, M);
  if (w.Cexp) await subscribe(D, w.Cexp);
  if (w.Cnone) await subscribe(D, w.Cnone);
  return w;
}

const keysOf = (group: string, role?: string) => [...(role ? [`${group} ${role}`] : []), group];

async function makeCallers(op: Awaited<ReturnType<TestTrellis['operator']>>): Promise<Caller[]> {
  const list: Caller[] = [
    { name: 'anonymous', kind: null, roles: [], profile: 'anonymous', keys: ['anonymous'], credentials: {} },
  ];
  const signedIn = async (emailAddress: string, password = PASSWORD) => ({ cookie: await t.signIn(emailAddress, password) });

  list.push({
    name: 'operator operator_admin',
    kind: 'operator',
    roles: ['operator_admin'],
    profile: 'operator',
    keys: keysOf('operator', 'operator_admin'),
    credentials: await signedIn(op.admin.email),
  });
  for (const role of ['reviewer', 'support']) {
    const m = await member(t, op.api, [role]);
    list.push({
      name: `operator ${role}`,
      kind: 'operator',
      roles: [role],
      profile: 'operator',
      keys: keysOf('operator', role),
      credentials: { cookie: m.cookie },
    });
  }
  for (const [group, p] of [
    ['direct', A.D],
    ['provider', A.P],
    ['reseller', A.R],
  ] as const) {
    for (const role of partnerRoles) {
      const m = await member(t, p.api, [role]);
      list.push({
        name: `${group} ${role}`,
        kind: 'partner',
        roles: [role],
        profile: group,
        keys: [...keysOf(group, role), 'partner'],
        credentials: { cookie: m.cookie },
      });
    }
  }
  const admins = ['global_admin', 'admin_agent'];
  list.push({
    name: 'moved',
    kind: 'partner',
    roles: admins,
    profile: 'moved',
    keys: ['moved', 'partner'],
    credentials: await signedIn(A.M.admin.email),
  });
  list.push(
    {
      name: 'customer global_admin',
      kind: 'customer',
      roles: ['global_admin'],
      profile: 'customer',
      keys: keysOf('customer', 'global_admin'),
      credentials: await signedIn(A.C.email, A.C.password),
    },
    {
      name: 'customer user',
      kind: 'customer',
      roles: ['user'],
      profile: 'customer',
      keys: keysOf('customer', 'user'),
      credentials: { cookie: A.C.user.cookie! },
    },
  );
  // The direct-bill partner's admin, on a customer whose grant is live, expired, or ended.
  for (const profile of ['grant:live', 'grant:expired', 'grant:none'] as const) {
    list.push({
      name: profile,
      kind: 'partner',
      roles: admins,
      profile,
      keys: [profile, 'direct', 'partner'],
      credentials: await signedIn(A.D.admin.email),
    });
  }
  // API tokens of a direct-bill user who is global admin and billing admin.
  const owner = await member(t, A.D.api, ['global_admin', 'billing_admin']);
  const token = async (body: Record<string, unknown>) =>
    (await ok(owner.api.post('/v1/api-tokens', { name: 'matrix', expiresInDays: 30, ...body }), 201)) as {
      id: string;
      token: string;
    };
  const scoped = await token({ roles: ['billing_admin'] });
  const unscoped = await token({});
  const revoked = await token({});
  await ok(owner.api.delete(`/v1/api-tokens/${revoked.id}`), 204);
  const expired = await token({ expiresInDays: 1 });
  const ownerSpare = (await token({})).id;
  list.push(
    {
      name: 'token scoped',
      kind: 'partner',
      roles: ['billing_admin'],
      profile: 'direct',
      keys: ['token scoped', 'token', 'direct', 'partner'],
      credentials: { token: scoped.token },
      spareToken: ownerSpare,
    },
    {
      name: 'token unscoped',
      kind: 'partner',
      roles: ['global_admin', 'billing_admin'],
      profile: 'direct',
      keys: ['token unscoped', 'token', 'direct', 'partner'],
      credentials: { token: unscoped.token },
      spareToken: ownerSpare,
    },
    {
      name: 'token revoked',
      kind: 'partner',
      roles: [],
      profile: 'direct',
      keys: [],
      credentials: { token: revoked.token },
      dead: true,
    },
    {
      name: 'token expired',
      kind: 'partner',
      roles: [],
      profile: 'direct',
      keys: [],
      credentials: { token: expired.token },
      dead: true,
    },
  );
  // Each signed-in caller's user has an API token for DELETE /v1/api-tokens/:id (the same user's, for the grant callers).
  for (const c of list) {
    if (!c.credentials.cookie) continue;
    c.spareToken = (await ok(t.as(c.credentials).post('/v1/api-tokens', { name: 'spare', expiresInDays: 30 }), 201)).id;
  }
  return list;
}

/** The objects of world `w` as caller `c` sees them. */
function seen(w: World, c: Caller, side: Side): Seen {
  const p = c.profile;
  const me =
    p === 'provider'
      ? w.P
      : p === 'reseller'
        ? w.R
        : p === 'moved'
          ? w.M
          : p === 'customer' || p === 'operator'
            ? undefined
            : w.D;
  const customer =
    p === 'provider' || p === 'reseller'
      ? w.CI
      : p === 'moved'
        ? w.CM
        : p === 'grant:expired'
          ? (w.Cexp ?? w.C)
          : p === 'grant:none'
            ? (w.Cnone ?? w.C)
            : w.C;
  // A customer's and the operator's cells use the objects of the direct-bill partner that serves C.
  const serving = me ?? w.D;
  return {
    profile: p,
    w,
    me,
    home: p === 'operator' ? operatorTenant : p === 'customer' ? w.C.id : serving.tenant.id,
    maker: p === 'customer' ? w.C.admin : p === 'operator' ? operator : serving.api,
    user: p === 'customer' ? w.C.user.id : p === 'operator' ? (w.operatorBystander ?? w.D.bystander) : serving.bystander,
    token: side === 'own' ? (c.spareToken ?? w.token) : w.token,
    enrollment: serving.enrollment.id,
    customer,
    relationship: customer.rel[serving.tenant.id]!,
    grant: p === 'provider' || p === 'reseller' ? w.providerGrant : customer.grant[serving.tenant.id]!,
    grantRequest: p === 'provider' || p === 'reseller' ? w.grantRequest.P : p === 'moved' ? w.grantRequest.M : w.grantRequest.D,
    relationshipRequest: p === 'reseller' ? w.rr.R : p === 'moved' ? w.rr.M : w.rr.D,
    invoice:
      p === 'operator'
        ? w.invoice.opD
        : p === 'provider'
          ? w.invoice.PR
          : p === 'reseller'
            ? w.invoice.RCI
            : p === 'moved'
              ? w.invoice.MCM
              : w.invoice.DC,
    x: {},
  };
}

// ---------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------

interface Expected {
  status: number;
  /** The role table refused: the problem names this permission. */
  permission?: string;
  /** A refusal beyond the role table: the problem names no permission. */
  plain?: boolean;
  rule?: string;
  code?: string;
}

const holds = (c: Caller, permission: Permission) =>
  !c.dead && (permission === 'public' || (c.kind !== null && hasPermission(c.kind, c.roles, permission)));

function parse(e: Expect): Expected {
  if (typeof e === 'number') return { status: e, plain: e === 403 };
  const [status, what] = e.split(' ') as [string, string];
  return what.startsWith('R-') ? { status: Number(status), rule: what } : { status: Number(status), code: what };
}

function expectation(row: Row, c: Caller, side: Side): Expected {
  if (c.dead) return { status: 401, code: 'unauthenticated' };
  if (row.permission !== 'public' && c.kind === null) return { status: 401, code: 'unauthenticated' };
  if (!markerPermissions.includes(row.permission) && !hasPermission(c.kind!, c.roles, row.permission)) {
    return { status: 403, permission: row.permission };
  }
  let by: ByCaller | { own: ByCaller; foreign: ByCaller } = row.ok;
  if (typeof by === 'object' && 'own' in by && 'foreign' in by) by = (by as { own: ByCaller; foreign: ByCaller })[side];
  if (typeof by !== 'object') return parse(by);
  for (const key of [...c.keys, '*']) {
    const found = (by as Record<string, Expect>)[key];
    if (found !== undefined) return parse(found);
  }
  throw new Error(`no expectation for ${c.name} (${side})`);
}

function mismatch(res: Response, e: Expected): string | undefined {
  if (res.status !== e.status) return `${res.status} instead of ${e.status}`;
  // A 404 must come from a lookup, not from a URL that matched no route.
  if (res.status === 404 && String(res.body?.detail).startsWith('No route')) return 'no route matched the URL';
  if (e.permission !== undefined && res.body?.permission !== e.permission) return `names permission ${res.body?.permission}`;
  if (e.plain && res.body?.permission !== undefined) return `a role-table refusal (${res.body.permission}), not the route's own`;
  if (e.rule !== undefined && res.body?.rule !== e.rule) return `rule ${res.body?.rule} instead of ${e.rule}`;
  if (e.code !== undefined && res.body?.code !== e.code) return `code ${res.body?.code} instead of ${e.code}`;
  return undefined;
}

/** What is wrong with what a 2xx answer shows: the row's own check, and (the operator aside) no tenant of world B. */
function shown(row: Row, res: Response, o: Seen, c: Caller): string | undefined {
  const own = row.shows?.(res, o, c);
  if (own || row.permission === 'public' || c.kind === 'operator' || row.sharedAcrossTenants) return own;
  const other = tenantsOf(B).find((id) => res.raw.includes(id));
  return other ? `names tenant ${other} of the other world` : undefined;
}

before(async () => {
  t = await TestTrellis.start({ config: { demo: true, sessionTtlHours: 24 * 30, webDir: '/nonexistent/trellis-console' } });
  const op = await t.operator();
  operator = op.api;
  operatorTenant = op.tenant.id;
  flow = new ProgramFlow(t, op.api);
  await ok(
    operator.post('/v1/operator/agreements', {
      type: 'customer_agreement',
      version: '1',
      title: 'Customer agreement',
      body: 'Terms.',
      effectiveAt: new Date(Date.now() - DAY_MS).toISOString(),
    }),
    201,
  );
  A = await world(true);
  B = await world(false);
  // This month's invoices, made now rather than on the 1st (the run takes any month).
  await runInvoices(systemCtx(t.platform, 'matrix'), monthOf(clock.now()).period);
  for (const w of [A, B]) {
    const between = async (seller: string, buyer: string) => {
      const [row] = await t.db
        .select({ id: invoices.id })
        .from(invoices)
        .where(and(eq(invoices.sellerId, seller), eq(invoices.buyerId, buyer)));
      assert.ok(row, `no invoice from ${seller} to ${buyer}`);
      return row.id;
    };
    w.invoice = {
      opD: await between(operatorTenant, w.D.tenant.id),
      opP: await between(operatorTenant, w.P.tenant.id),
      DC: await between(w.D.tenant.id, w.C.id),
      PR: await between(w.P.tenant.id, w.R.tenant.id),
      PM: await between(w.P.tenant.id, w.M.tenant.id),
      RCI: await between(w.R.tenant.id, w.CI.id),
      MCM: await between(w.M.tenant.id, w.CM.id),
    };
  }
  A.operatorBystander = (
    await ok(operator.post('/v1/users', { email: email('bystander'), name: 'Bystander', roles: ['support'] }), 201)
  ).id;
  signInUser = (await t.signUp('customer')).admin.email;
  callers = await makeCallers(op);
  // The one-day grant of grant:expired ends, and so does the token made for one day.
  clock.advance(2 * DAY_MS);
});
after(async () => {
  clock.reset();
  await t?.close();
});

describe('authorization matrix', () => {
  it('has a row for every route and a route for every row, each naming the permission its route declares', () => {
    const routes = t.trellis.server.routeTable;
    const declared = new Map(routes.map((r) => [`${r.method} ${r.url}`, r.permission]));
    assert.deepEqual(
      [...declared.keys()].filter((r) => !(r in matrix)),
      [],
      'routes without a row',
    );
    assert.deepEqual(
      Object.keys(matrix).filter((r) => !declared.has(r)),
      [],
      'rows without a route',
    );
    const changed = Object.entries(matrix)
      .filter(([route, row]) => declared.get(route) !== row.permission)
      .map(([route, row]) => `${route}: the row says ${row.permission}, the route declares ${declared.get(route)}`);
    assert.deepEqual(changed, []);
  });

  it('answers every cell as the matrix says', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let cells = 0;
    for (const [route, row] of Object.entries(matrix)) {
      const [method, path] = route.split(' ') as [string, string];
      const sides: Side[] = (row.sides ?? (row.params ? 2 : 1)) === 2 ? ['own', 'foreign'] : ['own'];
      for (const c of callers) {
        for (const side of sides) {
          const expected = expectation(row, c, side);
          const o = seen(side === 'own' ? A : B, c, side);
          if (row.fresh && holds(c, row.permission)) o.x = await row.fresh(o, c, side);
          const params = row.params?.(o) ?? {};
          const target = row.url ?? path.replace(/:[A-Za-z]+/g, (name) => params[name.slice(1)] ?? name) + (row.query ?? '');
          const body = row.body?.(o, c) ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
          const res = await t.request(method, target, { ...c.credentials, body });
          cells++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const wrong = mismatch(res, expected) ?? (res.status < 300 ? shown(row, res, o, c) : undefined);
          if (wrong) failures.push(`${route} as ${c.name} (${side}): ${wrong}: ${res.raw.slice(0, 300)}`);
        }
      }
    }
    const routes = Object.keys(matrix).length;
    console.log(`authorization matrix: ${cells} cells over ${routes} routes and ${callers.length} callers`);
    console.log(`authorization matrix statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort(([x], [y]) => x - y)))}`);
    assert.deepEqual(failures, []);
    assert.equal(cells, 8608);
  });
});
