import type { RuleId } from './errors.ts';

/**
 * Every error code Trellis answers with: what it means, and the rules it enforces. A problem's
 * `type` is the page made from its entry (`/errors/{code}`), and `AppError` takes only codes
 * listed here, so a new refusal cannot ship without saying what it is.
 */
export interface ErrorCodeEntry {
  /** The status it is answered with (a few codes are answered with more than one; this is the usual one). */
  status: number;
  title: string;
  /** What it means and what the caller can do about it. */
  description: string;
  /** The rules of docs/rules.md it enforces. */
  rules?: readonly RuleId[];
}

export const errorCodes = {
  // Requests that do not fit the HTTP conventions.
  invalid_request: {
    status: 400,
    title: 'The request is not valid',
    description:
      'A field is missing, of the wrong type or out of its limits, the body is not JSON, or the Authorization header is not ' +
      '"Bearer <API token>". `errors` lists every field at fault, each with the part of the request (`in`) and a JSON pointer.',
  },
  unauthenticated: {
    status: 401,
    title: 'Authentication required',
    description:
      'The route needs a signed-in caller: sign in for a session cookie, or send an API token (Authorization: Bearer trt_…).',
  },
  forbidden: {
    status: 403,
    title: 'Not allowed',
    description:
      'None of your roles gives the permission the route needs (named in `permission`). When a rule explains the way out, ' +
      '`rule` names it: adding users, for one, needs the admin_agent role, which a global admin can grant itself.',
    rules: ['R-ENR-4'],
  },
  cross_site_request: {
    status: 403,
    title: 'Cross-site request refused',
    description:
      "A write came from a page of another origin. Call the API from the console's own origin, or send an API token, which no " +
      'page can borrow.',
  },
  mfa_enrollment_required: {
    status: 403,
    title: 'Multi-factor authentication required',
    description: 'The operator requires an authenticator app: enrol one (POST /v1/me/totp) before doing anything else.',
  },
  not_found: {
    status: 404,
    title: 'Not found',
    description:
      'No such resource, or none you may see: Trellis does not tell the two apart, so as not to reveal what others hold.',
    rules: ['R-GRT-3'],
  },
  link_unavailable: {
    status: 410,
    title: 'This link can no longer be used',
    description:
      'A mailed link works once and for a while: this one was used, has expired or was revoked. Ask its sender for a new one.',
  },
  payload_too_large: {
    status: 413,
    title: 'Request body too large',
    description: 'The body is larger than the server accepts (TRELLIS_BODY_LIMIT_BYTES).',
  },
  uri_too_long: {
    status: 414,
    title: 'URI too long',
    description: 'A part of the path is longer than any identifier Trellis makes.',
  },
  unsupported_media_type: {
    status: 415,
    title: 'Unsupported media type',
    description: 'Send the body as JSON, with Content-Type: application/json.',
  },
  rate_limited: {
    status: 429,
    title: 'Too many requests',
    description: 'This route counts calls per client, tenant or user: wait the seconds in the Retry-After header, then retry.',
  },
  internal_error: {
    status: 500,
    title: 'Internal error',
    description:
      'Something failed on the server. The request id (`requestId`, and the x-request-id header) finds it in the logs.',
  },
  database_unavailable: {
    status: 503,
    title: 'Database unavailable',
    description: 'The health check found the database not answering.',
  },
  concurrent_change: {
    status: 409,
    title: 'Changed at the same time',
    description: 'Another request changed the same thing at the same moment. Read it again, then retry if it is still needed.',
  },
  idempotency_key_reused: {
    status: 422,
    title: 'Idempotency key already used',
    description: 'The Idempotency-Key was first sent with another request (route or body): a key names one request only.',
  },
  idempotency_key_unreadable: {
    status: 409,
    title: 'Idempotency key cannot be replayed',
    description:
      'The first answer to this Idempotency-Key was sealed with another secret and cannot be read back: use a new key.',
  },

  // Identity.
  invalid_credentials: {
    status: 401,
    title: 'Sign-in failed',
    description: 'The e-mail address and password do not match a user (or, changing a password, the current one is wrong).',
  },
  mfa_required: {
    status: 401,
    title: 'Code required',
    description: 'This user signs in with an authenticator app: send the six-digit code with the password.',
  },
  invalid_mfa_code: {
    status: 401,
    title: 'Wrong code',
    description: 'The authenticator code is wrong or has expired; codes change every 30 seconds.',
  },
  mfa_already_enabled: {
    status: 409,
    title: 'Already enrolled',
    description: 'This user already has an authenticator app; turn it off first to enrol another.',
  },
  mfa_not_enabled: {
    status: 409,
    title: 'Not enrolled',
    description: 'This user has no authenticator app to turn off.',
  },
  mfa_not_started: {
    status: 409,
    title: 'No enrolment under way',
    description: 'Start enrolment (POST /v1/me/totp) before confirming it with a code.',
  },
  mfa_required_by_operator: {
    status: 409,
    title: 'Required by the operator',
    description: 'The operator requires multi-factor authentication, so it cannot be turned off.',
  },
  email_taken: {
    status: 409,
    title: 'E-mail address in use',
    description: 'A Trellis user already has this address; each address belongs to one user.',
  },
  operator_exists: {
    status: 409,
    title: 'The operator tenant exists',
    description: 'An installation has one operator tenant, made once at set-up.',
  },
  admin_protected: {
    status: 403,
    title: 'This user is an admin',
    description:
      'The user holds a role above what you may grant: only someone who may grant that role changes them, and a partner acting ' +
      'under a grant needs one that holds global_admin.',
    rules: ['R-GRT-3'],
  },
  last_admin: {
    status: 409,
    title: 'Last admin',
    description: 'A tenant keeps at least one active global admin: grant the role to someone else first.',
  },
  user_invited: {
    status: 409,
    title: 'User has not finished set-up',
    description: 'An invited user becomes active by choosing a password from the mailed link; until then this cannot be done.',
  },
  user_not_active: {
    status: 409,
    title: 'User not active',
    description: 'The user is not active (still invited, or disabled): there is no password to reset.',
  },
  role_not_held: {
    status: 422,
    title: 'Role not held',
    description: 'An API token can carry only roles its maker holds.',
  },

  // Enrollment and the move to indirect reseller.
  already_enrolled: {
    status: 409,
    title: 'Already in the program',
    description: 'The partner already holds this capability, or is already enrolled in this incentive program.',
    rules: ['R-ENR-6', 'R-INC-1'],
  },
  enrollment_open: {
    status: 409,
    title: 'An enrollment is open',
    description: 'An enrollment for this program is already waiting for verification or review.',
  },
  enrollment_decided: {
    status: 409,
    title: 'Already decided',
    description: 'The enrollment was approved or rejected already.',
    rules: ['R-ENR-3'],
  },
  enrollment_not_in_review: {
    status: 409,
    title: 'Not in review yet',
    description: 'The primary contact has not confirmed the enrollment by its mailed link yet.',
    rules: ['R-ENR-2'],
  },
  profile_incomplete: {
    status: 422,
    title: 'The enrollment lacks details',
    description: 'The partner profile lacks what the program needs; `missing` lists it.',
    rules: ['R-ENR-1', 'R-ENR-6'],
  },
  partner_id_unknown: {
    status: 422,
    title: 'Unknown partner ID',
    description: "The partner ID is not in the operator's registry.",
    rules: ['R-ENR-1'],
  },
  partner_id_inactive: {
    status: 422,
    title: 'Partner ID inactive',
    description: "The partner ID's organization profile is not active.",
    rules: ['R-ENR-1'],
  },
  partner_id_country_mismatch: {
    status: 422,
    title: 'Partner ID in another country',
    description: "The partner ID belongs to an organization in another country than the partner's tenant.",
    rules: ['R-ENR-1'],
  },
  partner_id_taken: {
    status: 422,
    title: 'Partner ID already linked',
    description: 'Another partner has already proven this partner ID its own.',
    rules: ['R-ENR-1'],
  },
  invalid_code: {
    status: 422,
    title: 'Wrong code',
    description: "The code does not match the one mailed to the partner ID's account, or it expired: ask for a new one.",
    rules: ['R-ENR-1'],
  },
  requirements_not_confirmed: {
    status: 422,
    title: 'Programmatic requirements not confirmed',
    description: 'A direct-bill enrollment is approved only after a reviewer confirms its programmatic requirements.',
    rules: ['R-ENR-5'],
  },
  not_identified_for_offboarding: {
    status: 422,
    title: 'Not identified for the move to indirect',
    description:
      'Only a direct-bill partner the operator has flagged for offboarding may enroll as an indirect reseller with its tenant.',
    rules: ['R-TRN-1'],
  },
  no_rollback_acknowledgement_required: {
    status: 422,
    title: 'Confirm there is no rollback',
    description: 'The move to indirect reseller cannot be undone: the enrollment must say it knows (acknowledgeNoRollback).',
    rules: ['R-TRN-4'],
  },
  no_rollback: {
    status: 409,
    title: 'The indirect reseller capability cannot be removed',
    description: 'Once granted, the indirect reseller capability stays.',
    rules: ['R-TRN-4'],
  },
  not_direct_bill: {
    status: 422,
    title: 'Not a direct-bill partner',
    description: 'The action is for direct-bill partners (or their enrollments, or their direct customers) only.',
    rules: ['R-TRN-1', 'R-TRN-9'],
  },
  not_approved_reseller: {
    status: 422,
    title: 'No approved indirect reseller enrollment',
    description: 'The indirect reseller agreement is offered once the indirect reseller enrollment is approved.',
    rules: ['R-TRN-3'],
  },
  not_onboarded: {
    status: 422,
    title: 'Not onboarded',
    description: 'No enrollment of the partner has been approved yet.',
    rules: ['R-AGR-2'],
  },
  no_active_capability: {
    status: 422,
    title: 'No active capability',
    description: 'The partner holds no active program capability.',
    rules: ['R-AGR-2'],
  },
  partner_agreement_not_accepted: {
    status: 422,
    title: 'Partner agreement not accepted',
    description: 'A global admin of the partner must accept the current partner agreement version.',
    rules: ['R-AGR-1'],
  },
  cannot_transact: {
    status: 422,
    title: 'The partner cannot transact',
    description: 'The partner is not ready to do business: `blockers` lists every reason, each with its rule.',
    rules: ['R-AGR-1', 'R-AGR-2'],
  },
  not_current_version: {
    status: 409,
    title: 'Not the current version',
    description: 'Only the current version of an agreement can be accepted; read it again.',
    rules: ['R-AGR-1'],
  },
  version_exists: {
    status: 409,
    title: 'Version exists',
    description: 'This agreement already has a version by that name.',
  },
  not_eligible: {
    status: 422,
    title: 'Not eligible',
    description: 'The incentive program is for partners with an active capability of its kind.',
    rules: ['R-INC-1', 'R-TRN-7'],
  },

  // Partnerships.
  already_partners: {
    status: 409,
    title: 'Already partners',
    description: 'The provider and the reseller already have an active partnership.',
    rules: ['R-PRT-5'],
  },
  invitation_pending: {
    status: 409,
    title: 'Invitation pending',
    description: 'An invitation to this reseller is already waiting: re-send it rather than make another.',
  },
  invitation_not_pending: {
    status: 409,
    title: 'Not pending',
    description: 'The invitation was accepted, revoked or has expired.',
  },
  authorization_required: {
    status: 422,
    title: 'Authorize the provider',
    description: 'Accepting a provider takes an explicit authorization: tick it (authorize: true).',
    rules: ['R-PRT-1', 'R-PRT-3'],
  },
  not_an_indirect_reseller: {
    status: 422,
    title: 'Not an indirect reseller',
    description: 'Only a partner with an active indirect reseller capability may take part in this.',
    rules: ['R-PRT-7', 'R-CUS-2', 'R-TRN-6'],
  },
  self_partnership: {
    status: 422,
    title: 'Not with itself',
    description: 'A partner cannot be its own provider or reseller.',
    rules: ['R-SELF-1'],
  },
  region_mismatch: {
    status: 422,
    title: 'In another market',
    description: 'Partners work only with customers, and with partners, in their own region.',
    rules: ['R-REG-1', 'R-REG-2', 'R-PRT-4'],
  },
  partnership_ended: {
    status: 409,
    title: 'The partnership has ended',
    description: 'The partnership this needs was ended by the operator.',
    rules: ['R-PRT-6', 'R-CUS-2'],
  },
  reseller_not_ready: {
    status: 422,
    title: 'The reseller cannot transact yet',
    description: 'No new business with a reseller until it is onboarded, active and has signed the partner agreement.',
    rules: ['R-PRT-7', 'R-AGR-2'],
  },

  // Customers and relationships.
  cannot_create_customers: {
    status: 422,
    title: 'Indirect resellers do not create customers',
    description: 'An indirect reseller gets customers by invitation through a provider, not by making their tenants.',
    rules: ['R-CUS-3'],
  },
  no_new_direct_customers: {
    status: 422,
    title: 'No new direct customers',
    description: 'A partner that has moved to indirect reseller keeps its direct customers but adds no new ones.',
    rules: ['R-TRN-5'],
  },
  not_a_provider: {
    status: 422,
    title: 'Only providers create customers for a reseller',
    description: 'Naming a reseller when creating a customer, or as reseller of record of an order, is for indirect providers.',
    rules: ['R-CUS-3', 'R-CUS-4'],
  },
  reseller_required: {
    status: 422,
    title: 'Name the reseller',
    description: 'A provider creating a customer, or ordering for one, names the indirect reseller it sells through.',
    rules: ['R-CUS-3', 'R-CUS-4'],
  },
  not_your_reseller: {
    status: 422,
    title: 'Not one of your resellers',
    description: 'The reseller named has no active partnership with you.',
    rules: ['R-CUS-3', 'R-CUS-4'],
  },
  not_your_provider: {
    status: 422,
    title: 'Not one of your providers',
    description: 'A joint invitation names a provider the reseller has an active partnership with.',
    rules: ['R-CUS-2'],
  },
  provider_required: {
    status: 422,
    title: 'Name a provider',
    description: 'An indirect reseller invites customers for one of its providers, and names it.',
    rules: ['R-CUS-2'],
  },
  self_dealing: {
    status: 422,
    title: 'An affiliate is not an end customer',
    description: 'A partner does not sell to itself, nor to an affiliate as an end customer.',
    rules: ['R-SELF-1'],
  },
  partner_tenant_as_customer: {
    status: 422,
    title: 'A partner tenant is not a customer',
    description: 'A partner buying for its own use does so in a separate internal-use customer tenant.',
    rules: ['R-SELF-2'],
  },
  reseller_as_provider_customer: {
    status: 422,
    title: "A reseller cannot be its provider's customer with the same tenant",
    description: 'Use another tenant, ask the operator to end the partnership, or buy through another provider.',
    rules: ['R-SELF-3'],
  },
  // Commerce (issue 11).
  offer_exists: {
    status: 409,
    title: 'An offer with this SKU exists',
    description: 'Each offer has its own SKU; change the existing offer or use another SKU.',
  },
  offer_not_available: {
    status: 422,
    title: 'Offer not available',
    description:
      "The offer does not exist, is retired, or has no price in the customer's market and currency: order from GET /v1/offers?country= for the customer's country.",
    rules: ['R-CAT-1'],
  },
  customer_agreement_required: {
    status: 422,
    title: 'The customer agreement is not accepted',
    description:
      "Before an order, the customer's global admin accepts the customer agreement in Trellis, or the partner attests that the customer signed it (POST /v1/customers/{id}/customer-agreement/attestations).",
    rules: ['R-AGR-3'],
  },
  direct_bill_only_offer: {
    status: 422,
    title: 'Only for direct-bill customers',
    description: 'Reservations and perpetual software are ordered by a direct-bill partner for its direct customers.',
    rules: ['R-CUS-5', 'R-CUS-7'],
  },
  ordered_by_provider: {
    status: 422,
    title: 'The provider orders for this customer',
    description:
      'The customer was acquired through the indirect channel: its provider places its orders, naming you as reseller of record; direct-bill purchasing is not used for it.',
    rules: ['R-CUS-7', 'R-TRN-8'],
  },
  // Licenses of subscriptions, assigned to the customer's users (issue 11, part 5).
  licenses_managed_by_reseller: {
    status: 422,
    title: 'The reseller of record manages these licenses',
    description:
      "Of an indirect customer's subscription, the reseller of record assigns and removes the licenses (and the customer's own global admin); its provider orders.",
    rules: ['R-CUS-7'],
  },
  license_quantity_exceeded: {
    status: 409,
    title: 'Every license is assigned',
    description:
      "As many licenses are assigned as the subscription's quantity: remove one from another user, or raise the quantity, first. The problem gives both counts.",
    rules: ['R-LIC-1'],
  },
  licenses_assigned: {
    status: 409,
    title: 'More licenses are assigned than the new quantity',
    description:
      'A quantity does not go below the licenses assigned: remove as many licenses as the problem says (toUnassign), then reduce it.',
    rules: ['R-LIC-1'],
  },
  subscription_not_active: {
    status: 409,
    title: 'The subscription is not active',
    description:
      "Only an active subscription's licenses are assigned: a suspended, expired, disabled or deleted one's licenses are only removed.",
    rules: ['R-LIC-2'],
  },
  user_disabled: {
    status: 422,
    title: 'The user is disabled',
    description: 'A license goes to an active or invited user of the customer: re-enable the user first.',
    rules: ['R-LIC-2'],
  },
  reseller_not_of_customer: {
    status: 422,
    title: 'Not the reseller you serve this customer through',
    description:
      'A provider names as reseller of record the reseller it holds its relationship with this customer through (GET /v1/customers/{id}/relationships).',
    rules: ['R-CUS-4'],
  },
  direct_bill_required: {
    status: 422,
    title: 'Direct bill is not active',
    description:
      'Ordering for a direct customer needs an active direct-bill capability; a partner without it moves its direct customers to a provider (R-TRN-9).',
    rules: ['R-TRN-8'],
  },
  subscriptions_active: {
    status: 409,
    title: 'Active subscriptions remain',
    description:
      'Direct bill cannot be given up while direct customers hold active subscriptions it bills: let them end first, and move the customers to a provider (R-TRN-9) for what they buy next.',
    rules: ['R-TRN-8', 'R-TRN-9'],
  },
  no_customer_admin: {
    status: 422,
    title: 'No one to accept',
    description: 'The customer has no active global admin who could accept the request.',
    rules: ['R-CUS-1'],
  },
  request_pending: {
    status: 409,
    title: 'A request is pending',
    description: 'A relationship request to this customer is already waiting: re-send it rather than make another.',
    rules: ['R-CUS-1'],
  },
  request_not_pending: {
    status: 409,
    title: 'Not pending',
    description: 'The relationship request was accepted, revoked or has expired.',
  },
  link_required: {
    status: 422,
    title: 'Accept it from its link',
    description:
      'The relationship request came by e-mail without naming your tenant: the link in that e-mail is what shows it reached ' +
      'you, so open it and accept there. Requests that name your tenant are accepted from your list of requests received too.',
    rules: ['R-CUS-1'],
  },
  already_with_provider: {
    status: 409,
    title: 'Already with this provider',
    description: 'The customer already has a relationship with this provider.',
    rules: ['R-TRN-9'],
  },
  store_channel_customer: {
    status: 422,
    title: 'This customer cannot accept an indirect reseller invitation',
    description: 'Customers bought through the store channel cannot accept a joint invitation; they stay on direct bill.',
    rules: ['R-TRN-9'],
  },
  not_a_direct_customer: {
    status: 422,
    title: 'Not a direct customer',
    description: 'Only customers acquired on direct bill move to a provider.',
    rules: ['R-TRN-9'],
  },
  domain_taken: {
    status: 409,
    title: 'Domain in use',
    description: 'Another tenant already uses this domain.',
  },
  relationship_exists: {
    status: 409,
    title: 'The relationship was just made',
    description: 'The customer and the partner became related at the same moment by another request.',
  },
  relationship_in_use: {
    status: 409,
    title: 'The relationship cannot end yet',
    description: 'Live grants or a joint relationship still rest on it: end those first.',
    rules: ['R-CUS-9'],
  },
  bulk_move_finished: {
    status: 409,
    title: 'The move has finished',
    description: 'A finished or cancelled bulk move cannot be cancelled.',
  },

  // Delegated admin grants.
  no_admin_role: {
    status: 422,
    title: 'No admin role',
    description: 'A grant holds at least one admin role.',
    rules: ['R-GRT-1'],
  },
  unknown_admin_role: {
    status: 422,
    title: 'Unknown admin role',
    description: "A role named is not in the operator's catalog of admin roles.",
    rules: ['R-GRT-1'],
  },
  grant_duration: {
    status: 422,
    title: 'Grant duration',
    description: 'A grant lasts from 1 to 730 days.',
    rules: ['R-GRT-1'],
  },
  auto_extension_with_global_admin: {
    status: 422,
    title: 'No auto-extension with global admin',
    description: 'A grant that holds the global admin role does not extend itself.',
    rules: ['R-GRT-2'],
  },
  admin_role_in_use: {
    status: 409,
    title: 'The admin role is in a default grant',
    description:
      'A role leaves the catalog only once no default grant holds it: take it out of `defaultGrants` first, or in the same change.',
    rules: ['R-GRT-1'],
  },
  grant_not_active: {
    status: 409,
    title: 'Not active',
    description: 'The grant has ended or expired.',
    rules: ['R-GRT-3'],
  },
  grant_widening: {
    status: 422,
    title: 'Narrowing only',
    description: 'A grant can be narrowed in place; a wider one is asked for by a new grant request.',
    rules: ['R-GRT-1'],
  },
  grant_request_pending: {
    status: 409,
    title: 'A request is pending',
    description: 'A grant request to this customer is already waiting for its answer.',
  },
  grant_request_not_pending: {
    status: 409,
    title: 'Not pending',
    description: 'The grant request was approved, rejected, revoked or has expired.',
  },
  grant_request_not_wider: {
    status: 422,
    title: 'Not a wider grant',
    description: 'The live grant already gives what is asked: a new request asks for more.',
    rules: ['R-GRT-1'],
  },
  grant_request_basis_ended: {
    status: 409,
    title: 'The partner no longer works with you',
    description: 'The relationship or partnership the request rested on has ended: there is nothing to grant on.',
    rules: ['R-GRT-1'],
  },
  approval_not_within_request: {
    status: 422,
    title: 'More than was asked',
    description: 'An approval may narrow a request, never widen it.',
    rules: ['R-GRT-1'],
  },
  change_window_closed: {
    status: 422,
    title: 'The window for this change has closed',
    description:
      'A subscription may be reduced or cancelled only within 7 days of its purchase or last renewal; the problem says when the window closed.',
    rules: ['R-SUB-1'],
  },
  quantity_out_of_range: {
    status: 400,
    title: "The quantity is outside the offer's range",
    description: 'The offer sells between a minimum and a maximum quantity; the problem gives both.',
    rules: ['R-SUB-2'],
  },
  subscription_not_changeable: {
    status: 409,
    title: 'This subscription cannot be changed now',
    description:
      'Only an active subscription changes; a suspended one changes quantity only as it is reactivated, and an expired, disabled or deleted one is read-only.',
    rules: ['R-SUB-3'],
  },
  next_term_needs_renewal: {
    status: 422,
    title: 'A change for the next term needs auto-renewal',
    description: 'Turn auto-renewal on to keep a quantity for the next term.',
    rules: ['R-SUB-3'],
  },
  price_entry_exists: {
    status: 409,
    title: 'The book has this rule already',
    description:
      'A price book holds one rule per offer (or all offers), buyer or group (or everyone) and, for fixed prices, currency: change that rule instead of adding another.',
  },
  credit_limit_exceeded: {
    status: 422,
    title: "Past the reseller's credit limit",
    description:
      "The order would take the reseller's open balance with its provider past the credit limit the provider set, and the provider refuses such orders: the provider raises the limit, or the reseller pays what it owes first. `balanceAfter` and `limit` give the amounts, in `currency`.",
    rules: ['R-CRD-1'],
  },
  order_not_held: {
    status: 409,
    title: 'The order is not held',
    description: "Only an order held for approval (past the reseller's credit limit, R-CRD-1) is approved or rejected, once.",
    rules: ['R-CRD-1'],
  },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}
