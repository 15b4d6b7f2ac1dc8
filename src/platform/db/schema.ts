import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The one schema of Trellis, for PGlite and PostgreSQL alike. Every row names the
 * tenant it belongs to; operator data (markets, settings) belongs to the operator.
 * Sorted text columns use COLLATE "C" so both databases order alike.
 */
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
/** Text that is sorted: byte order on both databases (PGlite's default is C, a server's its locale). */
const textC = customType<{ data: string }>({ dataType: () => 'text COLLATE "C"' });

export const tenantKind = pgEnum('tenant_kind', ['operator', 'partner', 'customer']);
export const customerType = pgEnum('customer_type', ['standard', 'internal_use']);
export const capability = pgEnum('capability', ['direct_bill', 'indirect_provider', 'indirect_reseller']);
export const capabilityStatus = pgEnum('capability_status', ['pending', 'active', 'suspended']);
export const userStatus = pgEnum('user_status', ['invited', 'active', 'disabled']);
export const mailStatus = pgEnum('mail_status', ['queued', 'sending', 'sent', 'failed', 'held']);

export const markets = pgTable(
  'markets',
  {
    countryCode: text('country_code').notNull(),
    currency: text('currency').notNull(),
    market: text('market').notNull(),
    countryName: text('country_name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.countryCode, t.currency] }), index('markets_market_idx').on(t.market)],
);

export const tenants = pgTable(
  'tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: tenantKind('kind').notNull(),
    name: textC('name').notNull(),
    countryCode: text('country_code').notNull(),
    language: text('language').notNull().default('en'),
    customerType: customerType('customer_type'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    // One program owner per installation.
    uniqueIndex('tenants_one_operator')
      .on(t.kind)
      .where(sql`kind = 'operator'`),
    // The operator's partner list, newest first. Partial, not (kind, created_at, id): under
    // row-level security an enum comparison (not leakproof) cannot be an index condition, so
    // only a predicate lets the index give the order and the list stop at its page.
    index('tenants_partners_created_idx')
      .on(t.createdAt, t.id)
      .where(sql`kind = 'partner'`),
    // The operator's search of partners by part of the name (pg_trgm, created by migration 0014).
    index('tenants_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** Lower-cased; an address signs in to one tenant only. */
    email: textC('email').notNull(),
    name: text('name').notNull(),
    language: text('language').notNull().default('en'),
    roles: text('roles').array().notNull(),
    status: userStatus('status').notNull(),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
    totpEnabledAt: at('totp_enabled_at'),
    totpPendingSecret: text('totp_pending_secret'),
    /** Last TOTP time step accepted: a code is good once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    lastSignInAt: at('last_sign_in_at'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [uniqueIndex('users_email_key').on(t.email), index('users_tenant_created_idx').on(t.tenantId, t.createdAt, t.id)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** SHA-256 of the cookie's token; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tenantId: uuid('tenant_id').notNull(),
    createdAt: at('created_at').notNull(),
    expiresAt: at('expires_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, shown in lists so its owner can tell them apart. */
    prefix: text('prefix').notNull(),
    roles: text('roles').array().notNull(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    lastUsedAt: at('last_used_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId, t.createdAt, t.id)],
);

/**
 * Consecutive failed sign-ins per address, for the per-account backoff. Kept for addresses
 * without an account as well, so that a wait tells no one which addresses exist; keyed by an
 * HMAC of the address, so the table is no list of who tried.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    addressHash: text('address_hash').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: at('last_failure_at').notNull(),
    lockedUntil: at('locked_until'),
  },
  (t) => [index('sign_in_failures_last_idx').on(t.lastFailureAt)],
);

/** Single-use, expiring, revocable tokens sent by mail (password set-up; later links). */
export const actionTokens = pgTable(
  'action_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    purpose: text('purpose').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id'),
    subjectId: uuid('subject_id'),
    /** What the link carries until it is used (a pending sign-up), sealed under its raw token: the table alone cannot open it. */
    payload: text('payload'),
    expiresAt: at('expires_at').notNull(),
    usedAt: at('used_at'),
    revokedAt: at('revoked_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('action_tokens_hash_key').on(t.tokenHash)],
);

export const partnerProfiles = pgTable(
  'partner_profiles',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id),
    legalName: text('legal_name'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postal_code'),
    primaryContactName: text('primary_contact_name'),
    primaryContactEmail: text('primary_contact_email'),
    primaryContactPhone: text('primary_contact_phone'),
    supportEmail: text('support_email'),
    supportPhone: text('support_phone'),
    supportWebsite: text('support_website'),
    partnerId: text('partner_id'),
    /** When the partner ID was proven to be the partner's own (R-ENR-1). */
    partnerIdVerifiedAt: at('partner_id_verified_at'),
    /** The operator marked this direct-bill partner for the move to indirect (R-TRN-1). */
    offboardingIdentifiedAt: at('offboarding_identified_at'),
    updatedAt: at('updated_at').notNull(),
  },
  // A partner ID, once proven, is one partner's own (R-ENR-1).
  (t) => [
    uniqueIndex('partner_profiles_partner_id_key')
      .on(t.partnerId)
      .where(sql`partner_id_verified_at IS NOT NULL`),
  ],
);

/** The operator's registry of partner IDs in its partner network (R-ENR-1). */
export const partnerIdRegistry = pgTable('partner_id_registry', {
  partnerId: text('partner_id').primaryKey(),
  organizationName: text('organization_name').notNull(),
  countryCode: text('country_code').notNull(),
  accountEmail: text('account_email').notNull(),
  active: boolean('active').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** A code mailed to a partner ID's account e-mail: presenting it proves the ID is the partner's own. */
export const partnerIdProofs = pgTable(
  'partner_id_proofs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    partnerId: text('partner_id').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: at('expires_at').notNull(),
    verifiedAt: at('verified_at'),
    /** A newer code for the same partner ID was sent to the same tenant: this one is dead. */
    revokedAt: at('revoked_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('partner_id_proofs_tenant_idx').on(t.tenantId, t.createdAt),
    // Codes sent for one partner ID are counted across tenants (its mailbox's daily cap).
    index('partner_id_proofs_partner_id_idx').on(t.partnerId, t.createdAt),
  ],
);

/** `ended`: approved once, and the capability it gave was removed since; a new enrollment may follow. */
export const enrollmentStatus = pgEnum('enrollment_status', [
  'pending_verification',
  'pending_review',
  'approved',
  'rejected',
  'ended',
]);

/** A partner's request to join one program (R-ENR-1..6, R-TRN-1..2). */
export const enrollments = pgTable(
  'enrollments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    program: capability('program').notNull(),
    status: enrollmentStatus('status').notNull(),
    /** A direct-bill partner moving to indirect reseller with its tenant (R-TRN-1). */
    transition: boolean('transition').notNull().default(false),
    submittedBy: uuid('submitted_by').notNull(),
    primaryContactEmail: text('primary_contact_email').notNull(),
    primaryContactName: text('primary_contact_name').notNull(),
    emailVerifiedAt: at('email_verified_at'),
    /** Direct bill: the operator confirmed API integration, billing and support (R-ENR-5). */
    requirementsConfirmedAt: at('requirements_confirmed_at'),
    requirementsConfirmedBy: uuid('requirements_confirmed_by'),
    reviewDueAt: at('review_due_at'),
    /** Reviewers were mailed that one business day is left (R-TRN-2). */
    reminderSentAt: at('reminder_sent_at'),
    /** The missed deadline was recorded as an event. */
    overdueRecordedAt: at('overdue_recorded_at'),
    decidedAt: at('decided_at'),
    decidedBy: uuid('decided_by'),
    rejectionReason: text('rejection_reason'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('enrollments_one_open')
      .on(t.tenantId, t.program)
      .where(sql`status IN ('pending_verification', 'pending_review')`),
    uniqueIndex('enrollments_one_approved')
      .on(t.tenantId, t.program)
      .where(sql`status = 'approved'`),
    // The review queue, oldest first: partial, for the reason given at tenants; other statuses
    // are read in the same order, filtered.
    index('enrollments_review_queue_idx')
      .on(t.createdAt, t.id)
      .where(sql`status = 'pending_review'`),
    index('enrollments_created_idx').on(t.createdAt, t.id),
    index('enrollments_tenant_idx').on(t.tenantId, t.createdAt, t.id),
  ],
);

export const partnerCapabilities = pgTable(
  'partner_capabilities',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    capability: capability('capability').notNull(),
    status: capabilityStatus('status').notNull(),
    activatedAt: at('activated_at'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.capability] })],
);

/** Operator settings: one row a key, typed and defaulted by the settings module. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/**
 * The audit trail and the outbox: every state change writes one row here in its own
 * transaction; the worker dispatches undispatched rows (mail, later webhooks, timers).
 */
export const events = pgTable(
  'events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    id: uuid('id').notNull().defaultRandom(),
    tenantId: uuid('tenant_id'),
    actorUserId: uuid('actor_user_id'),
    actorTenantId: uuid('actor_tenant_id'),
    actorKind: text('actor_kind').notNull(),
    apiTokenId: uuid('api_token_id'),
    type: text('type').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    requestId: text('request_id'),
    /** The delegated-admin grant a partner user acted under on another tenant's data (R-GRT-3). */
    grantId: uuid('grant_id'),
    createdAt: at('created_at').notNull(),
    dispatchedAt: at('dispatched_at'),
    dispatchAttempts: integer('dispatch_attempts').notNull().default(0),
    /** Set when the handlers gave up on the event: a dead letter, kept for an operator to read. */
    dispatchError: text('dispatch_error'),
  },
  (t) => [
    uniqueIndex('events_id_key').on(t.id),
    index('events_tenant_seq_idx').on(t.tenantId, t.seq),
    index('events_undispatched_idx')
      .on(t.seq)
      .where(sql`dispatched_at IS NULL`),
  ],
);

export const mailMessages = pgTable(
  'mail_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id'),
    eventId: uuid('event_id'),
    toAddress: text('to_address').notNull(),
    toName: text('to_name'),
    language: text('language').notNull(),
    template: text('template').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    status: mailStatus('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
  },
  (t) => [
    index('mail_messages_created_idx').on(t.createdAt, t.id),
    // The per-address caps count recent mail to one address (countMailSince).
    index('mail_messages_to_idx').on(t.toAddress, t.createdAt),
    index('mail_messages_queued_idx')
      .on(t.createdAt)
      .where(sql`status = 'queued'`),
  ],
);

export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: uuid('tenant_id').notNull(),
    /** The user who made the request: an answer is replayed to it alone (it may hold a password shown once). */
    userId: uuid('user_id').notNull(),
    key: text('key').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code'),
    responseBody: text('response_body'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.userId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

export const agreementType = pgEnum('agreement_type', ['partner_agreement', 'indirect_reseller_agreement', 'customer_agreement']);

/** Versions of the agreements the operator publishes (R-AGR-1, R-TRN-3). */
export const agreements = pgTable(
  'agreements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: agreementType('type').notNull(),
    version: text('version').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    url: text('url'),
    /** The version becomes current at this time; the newest effective version is current. */
    effectiveAt: at('effective_at').notNull(),
    publishedBy: uuid('published_by'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('agreements_type_version_key').on(t.type, t.version),
    index('agreements_current_idx').on(t.type, t.effectiveAt),
  ],
);

/** A tenant's acceptance of one agreement version, by one of its global admins. */
export const agreementAcceptances = pgTable(
  'agreement_acceptances',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    agreementId: uuid('agreement_id')
      .notNull()
      .references(() => agreements.id),
    userId: uuid('user_id').notNull(),
    acceptedAt: at('accepted_at').notNull(),
  },
  (t) => [uniqueIndex('agreement_acceptances_once').on(t.tenantId, t.agreementId)],
);

export const incentiveProgramKind = pgEnum('incentive_program_kind', ['indirect_reseller', 'direct_bill', 'indirect_provider']);

/** Incentive programs the operator runs; each is enrolled in separately (R-INC-1). */
export const incentivePrograms = pgTable('incentive_programs', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  /** Which partners it is for: those holding this capability. */
  kind: incentiveProgramKind('kind').notNull(),
  description: text('description'),
  active: boolean('active').notNull(),
  createdAt: at('created_at').notNull(),
});

/** An invitation to an incentive program, mailed to the partner ID's account e-mail (R-TRN-7). */
export const incentiveInvitations = pgTable(
  'incentive_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => incentivePrograms.id),
    sentTo: text('sent_to').notNull(),
    sentAt: at('sent_at').notNull(),
  },
  (t) => [uniqueIndex('incentive_invitations_once').on(t.tenantId, t.programId)],
);

export const incentiveEnrollments = pgTable(
  'incentive_enrollments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    programId: uuid('program_id')
      .notNull()
      .references(() => incentivePrograms.id),
    enrolledBy: uuid('enrolled_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('incentive_enrollments_once').on(t.tenantId, t.programId)],
);

export const partnershipStatus = pgEnum('partnership_status', ['active', 'ended']);
export const invitationStatus = pgEnum('invitation_status', ['pending', 'accepted', 'revoked', 'expired']);

/** A provider and a reseller working together (R-PRT-2, R-PRT-5): one active row per pair. */
export const partnerships = pgTable(
  'partnerships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => tenants.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => tenants.id),
    status: partnershipStatus('status').notNull(),
    invitationId: uuid('invitation_id'),
    createdAt: at('created_at').notNull(),
    /** Ended by operator staff on a support request (R-PRT-6). */
    endedAt: at('ended_at'),
    endedBy: uuid('ended_by'),
    supportRequest: text('support_request'),
  },
  (t) => [
    uniqueIndex('partnerships_one_active')
      .on(t.providerId, t.resellerId)
      .where(sql`status = 'active'`),
    index('partnerships_provider_idx').on(t.providerId, t.createdAt, t.id),
    index('partnerships_reseller_idx').on(t.resellerId, t.createdAt, t.id),
  ],
);

/** A provider's invitation to a reseller, by e-mail or partner ID (R-PRT-1). */
export const partnershipInvitations = pgTable(
  'partnership_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => tenants.id),
    invitedBy: uuid('invited_by').notNull(),
    /** Exactly one of e-mail and partner ID names the reseller. */
    email: text('email'),
    partnerId: text('partner_id'),
    /** Where the link was mailed: the e-mail, or the partner ID's account e-mail. */
    sentTo: text('sent_to').notNull(),
    status: invitationStatus('status').notNull(),
    tokenId: uuid('token_id'),
    expiresAt: at('expires_at').notNull(),
    sendCount: integer('send_count').notNull().default(1),
    lastSentAt: at('last_sent_at').notNull(),
    acceptedAt: at('accepted_at'),
    acceptedBy: uuid('accepted_by'),
    resellerId: uuid('reseller_id'),
    revokedAt: at('revoked_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('partnership_invitations_provider_idx').on(t.providerId, t.createdAt, t.id),
    uniqueIndex('partnership_invitations_one_pending')
      .on(t.providerId, t.sentTo)
      .where(sql`status = 'pending'`),
  ],
);

export const directoryOffer = pgEnum('directory_offer', ['training', 'marketing', 'financing', 'support', 'billing']);

/**
 * An indirect provider's entry in the operator's directory (R-DIR-1). Name, country and
 * market are copied from the tenant, and `providerActive` follows the capability's events,
 * so a search reads this table alone.
 */
export const directoryEntries = pgTable(
  'directory_entries',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id),
    name: textC('name').notNull(),
    countryCode: text('country_code').notNull(),
    market: text('market').notNull(),
    description: text('description').notNull(),
    offers: directoryOffer('offers').array().notNull(),
    website: text('website'),
    contactEmail: text('contact_email').notNull(),
    listed: boolean('listed').notNull(),
    providerActive: boolean('provider_active').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('directory_entries_search_idx')
      .on(t.market, t.name, t.tenantId)
      .where(sql`listed AND provider_active`),
  ],
);

/** A customer tenant's account, as its partners see it (R-CUS-8). */
export const customerAccounts = pgTable(
  'customer_accounts',
  {
    tenantId: uuid('tenant_id')
      .primaryKey()
      .references(() => tenants.id),
    name: textC('name').notNull(),
    primaryDomain: text('primary_domain').notNull(),
    countryCode: text('country_code').notNull(),
    market: text('market').notNull(),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    city: text('city'),
    region: text('region'),
    postalCode: text('postal_code'),
    /**
     * The customer buys through the operator's store channel, which cannot accept an indirect
     * reseller invitation from an existing direct-bill partner (R-TRN-9): it stays on direct bill.
     */
    storeChannel: boolean('store_channel').notNull().default(false),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    // A search for part of a name or domain finds its few rows without reading every account (pg_trgm).
    index('customer_accounts_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('customer_accounts_domain_trgm_idx').using('gin', t.primaryDomain.op('gin_trgm_ops')),
  ],
);

/** Primary domains are unique across the whole system: a small table keyed by the value. */
export const customerDomains = pgTable('customer_domains', {
  domain: text('domain').primaryKey(),
  tenantId: uuid('tenant_id').notNull(),
});

export const relationshipRole = pgEnum('relationship_role', ['direct_partner', 'indirect_reseller', 'indirect_provider']);
export const relationshipStatus = pgEnum('relationship_status', ['active', 'removed']);

/** A partner's relationship with a customer (R-CUS-5, R-CUS-9): one active row per customer, partner and role. */
export const customerRelationships = pgTable(
  'customer_relationships',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    role: relationshipRole('role').notNull(),
    /** For a provider's relationship: the reseller it serves this customer through. */
    resellerId: uuid('reseller_id'),
    status: relationshipStatus('status').notNull(),
    createdAt: at('created_at').notNull(),
    removedAt: at('removed_at'),
  },
  (t) => [
    uniqueIndex('customer_relationships_one_active')
      .on(t.customerId, t.partnerId, t.role)
      .where(sql`status = 'active'`),
    // A partner's active customers, newest first: partial, for the reason given at tenants.
    index('customer_relationships_partner_idx')
      .on(t.partnerId, t.createdAt, t.id)
      .where(sql`status = 'active'`),
    index('customer_relationships_customer_idx').on(t.customerId),
  ],
);

export const requestStatus = pgEnum('request_status', ['pending', 'accepted', 'revoked', 'expired']);

/** A partner's request to become a customer's reseller, alone or jointly with a provider (R-CUS-1, R-CUS-2). */
export const relationshipRequests = pgTable(
  'relationship_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    /** Set for a joint request: the provider that will order for the customer. */
    providerId: uuid('provider_id'),
    /** Set when the request names an existing customer: only that tenant may accept. */
    customerId: uuid('customer_id'),
    email: text('email'),
    status: requestStatus('status').notNull(),
    tokenId: uuid('token_id'),
    expiresAt: at('expires_at').notNull(),
    sendCount: integer('send_count').notNull().default(0),
    lastSentAt: at('last_sent_at'),
    createdBy: uuid('created_by').notNull(),
    acceptedAt: at('accepted_at'),
    acceptedBy: uuid('accepted_by'),
    acceptedCustomerId: uuid('accepted_customer_id'),
    revokedAt: at('revoked_at'),
    /** Set when a bulk move to a provider sent it (R-TRN-9). */
    bulkMoveId: uuid('bulk_move_id'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('relationship_requests_partner_idx').on(t.partnerId, t.createdAt, t.id),
    index('relationship_requests_customer_idx')
      .on(t.customerId, t.partnerId)
      .where(sql`customer_id IS NOT NULL`),
    index('relationship_requests_bulk_move_idx')
      .on(t.bulkMoveId, t.status)
      .where(sql`bulk_move_id IS NOT NULL`),
    // A customer's received requests (GET /v1/customer/relationship-requests): those it accepted,
    // and those sent to the address of one of its users.
    index('relationship_requests_accepted_customer_idx')
      .on(t.acceptedCustomerId)
      .where(sql`accepted_customer_id IS NOT NULL`),
    index('relationship_requests_email_idx')
      .on(t.email)
      .where(sql`email IS NOT NULL`),
  ],
);

/** Operator data: a customer tenant that is an affiliate of a partner (R-SELF-1). */
export const affiliations = pgTable(
  'affiliations',
  {
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    note: text('note'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.partnerId, t.customerId] }), index('affiliations_customer_idx').on(t.customerId)],
);

export const grantStatus = pgEnum('grant_status', ['active', 'ended']);

/**
 * Delegated administration (R-GRT-1..3): admin roles a partner holds on a customer's tenant,
 * or a provider on its reseller's (R-PRT-3), for 1 to 730 days.
 */
export const adminGrants = pgTable(
  'admin_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grantorId: uuid('grantor_id')
      .notNull()
      .references(() => tenants.id),
    granteeId: uuid('grantee_id')
      .notNull()
      .references(() => tenants.id),
    roles: text('roles').array().notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    autoExtend: boolean('auto_extend').notNull(),
    status: grantStatus('status').notNull(),
    /** What made it: a relationship's or partnership's default, or a request. */
    source: text('source').notNull(),
    endedAt: at('ended_at'),
    endedBy: uuid('ended_by'),
    /**
     * Why it ended early: `grantor` (its admin ended it), or `relationship_ended` /
     * `partnership_ended` (nothing between the two tenants justified it any more). Null while
     * it runs, when it expired, and for grants ended before this was recorded.
     */
    endedReason: text('ended_reason'),
    /**
     * When the expiry timer next looks at this grant (a 30, 7 or 1-day notice, the end, or an
     * auto-extension); null once nothing is left to do. Reset whenever `endsAt` moves.
     */
    nextNoticeAt: at('next_notice_at'),
    /** The last notice sent for the current `endsAt`: 30, 7, 1, or 0 for "it has ended". */
    lastNoticeDays: integer('last_notice_days'),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('admin_grants_grantee_idx').on(t.granteeId, t.grantorId, t.status),
    index('admin_grants_grantor_idx').on(t.grantorId, t.createdAt, t.id),
    index('admin_grants_grantee_created_idx').on(t.granteeId, t.createdAt, t.id),
    index('admin_grants_next_notice_idx')
      .on(t.nextNoticeAt)
      .where(sql`status = 'active' AND next_notice_at IS NOT NULL`),
  ],
);

export const grantRequestStatus = pgEnum('grant_request_status', ['pending', 'approved', 'rejected', 'revoked', 'expired']);

/**
 * A partner asks a grantor for a new grant, or to widen one it holds (R-GRT-1); the grantor's
 * global admin approves, narrows or rejects it through a link; pending requests expire after 90 days.
 */
export const adminGrantRequests = pgTable(
  'admin_grant_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grantorId: uuid('grantor_id')
      .notNull()
      .references(() => tenants.id),
    granteeId: uuid('grantee_id')
      .notNull()
      .references(() => tenants.id),
    /** Set when the request widens a grant the partner holds. */
    grantId: uuid('grant_id'),
    roles: text('roles').array().notNull(),
    days: integer('days').notNull(),
    autoExtend: boolean('auto_extend').notNull(),
    message: text('message'),
    status: grantRequestStatus('status').notNull(),
    tokenId: uuid('token_id'),
    expiresAt: at('expires_at').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: at('created_at').notNull(),
    decidedAt: at('decided_at'),
    decidedBy: uuid('decided_by'),
    /** What the grantor approved: the roles asked for, or fewer (narrowed). */
    approvedRoles: text('approved_roles').array(),
    approvedDays: integer('approved_days'),
    resultingGrantId: uuid('resulting_grant_id'),
    rejectionReason: text('rejection_reason'),
    revokedAt: at('revoked_at'),
  },
  (t) => [
    index('admin_grant_requests_grantee_idx').on(t.granteeId, t.createdAt, t.id),
    index('admin_grant_requests_grantor_idx').on(t.grantorId, t.createdAt, t.id),
    // One open request per partner and grantor: a new one waits for the last to be decided.
    uniqueIndex('admin_grant_requests_one_pending')
      .on(t.grantorId, t.granteeId)
      .where(sql`status = 'pending'`),
  ],
);

export const bulkMoveStatus = pgEnum('bulk_move_status', ['queued', 'running', 'completed', 'cancelled', 'failed']);
export const bulkMoveItemStatus = pgEnum('bulk_move_item_status', ['pending', 'sent', 'failed', 'cancelled']);

/**
 * R-TRN-9: a reseller moves its direct-bill customers to a provider by joint relationship
 * requests, sent by a background job that survives restarts (progress is kept per item).
 */
export const bulkMoves = pgTable(
  'bulk_moves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => tenants.id),
    status: bulkMoveStatus('status').notNull(),
    total: integer('total').notNull(),
    sent: integer('sent').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** At most this many requests a minute: a partner paces mail to its customers. */
    perMinute: integer('per_minute').notNull(),
    /** The job's next batch is due then. */
    nextRunAt: at('next_run_at'),
    createdBy: uuid('created_by').notNull(),
    createdAt: at('created_at').notNull(),
    startedAt: at('started_at'),
    finishedAt: at('finished_at'),
    cancelledAt: at('cancelled_at'),
    cancelledBy: uuid('cancelled_by'),
    error: text('error'),
  },
  (t) => [
    index('bulk_moves_partner_idx').on(t.partnerId, t.createdAt, t.id),
    index('bulk_moves_due_idx')
      .on(t.nextRunAt)
      .where(sql`status IN ('queued', 'running')`),
  ],
);

/** One customer of a bulk move: sent once (with the request it made) or reported with its reason. */
export const bulkMoveItems = pgTable(
  'bulk_move_items',
  {
    moveId: uuid('move_id')
      .notNull()
      .references(() => bulkMoves.id),
    position: integer('position').notNull(),
    customerId: uuid('customer_id').notNull(),
    status: bulkMoveItemStatus('status').notNull(),
    /** Why it was not sent: a stable code, the rule, and words for people. */
    code: text('code'),
    rule: text('rule'),
    detail: text('detail'),
    requestId: uuid('request_id'),
    attempts: integer('attempts').notNull().default(0),
    processedAt: at('processed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.moveId, t.position] }),
    uniqueIndex('bulk_move_items_customer_key').on(t.moveId, t.customerId),
    // The runner's next pending items in order: partial, for the reason given at tenants.
    index('bulk_move_items_pending_idx')
      .on(t.moveId, t.position)
      .where(sql`status = 'pending'`),
  ],
);

// Commerce (issue 11): the operator's catalog, orders with their partner of record, subscriptions.
export const offerKind = pgEnum('offer_kind', ['license_subscription', 'perpetual_software', 'reservation']);
export const offerTerm = pgEnum('offer_term', ['P1M', 'P1Y', 'P3Y']);
export const billingCycle = pgEnum('billing_cycle', ['monthly', 'annual']);
export const subscriptionStatus = pgEnum('subscription_status', ['active', 'suspended', 'expired', 'disabled', 'deleted']);

/** Operator data, read by every tenant: what can be ordered (R-CAT-1). */
export const offers = pgTable(
  'offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The operator's own product code: unique. */
    sku: textC('sku').notNull(),
    name: text('name').notNull(),
    kind: offerKind('kind').notNull(),
    term: offerTerm('term').notNull(),
    billingCycle: billingCycle('billing_cycle').notNull(),
    minQuantity: integer('min_quantity').notNull(),
    maxQuantity: integer('max_quantity').notNull(),
    /** Retired offers are not sold any more; subscriptions made of them stay. */
    retiredAt: at('retired_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [uniqueIndex('offers_sku_key').on(t.sku), index('offers_created_idx').on(t.createdAt, t.id)],
);

/** An offer's price in one market and currency, in the currency's minor units (R-REG-1). */
export const offerPrices = pgTable(
  'offer_prices',
  {
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    market: text('market').notNull(),
    currency: text('currency').notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.offerId, t.market, t.currency] }), index('offer_prices_market_idx').on(t.market, t.currency)],
);

/**
 * A partner's attestation that a customer accepted the customer agreement outside Trellis
 * (R-AGR-3): who signed, their e-mail and when.
 */
export const customerAgreementAttestations = pgTable(
  'customer_agreement_attestations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    /** The version in effect when attested (none when the operator has published none). */
    agreementId: uuid('agreement_id').references(() => agreements.id),
    signerName: text('signer_name').notNull(),
    signerEmail: text('signer_email').notNull(),
    signedOn: text('signed_on').notNull(),
    attestedBy: uuid('attested_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('customer_agreement_attestations_customer_idx').on(t.customerId, t.createdAt)],
);

/**
 * An order's state: placed (its subscriptions made), held for the provider's approval because
 * it would take the reseller past its credit limit (R-CRD-1), or rejected by the provider.
 */
export const orderStatus = pgEnum('order_status', ['placed', 'held', 'rejected']);

/** An order for a customer: who placed it, through which relationship, for which partner of record (R-CUS-4). */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    /** The partner that placed it: the direct-bill partner, or the provider. */
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    /** direct_partner or indirect_provider: the relationship it was placed through. */
    relationshipRole: relationshipRole('relationship_role').notNull(),
    /** A provider's order: the reseller of record. */
    resellerId: uuid('reseller_id').references(() => tenants.id),
    placedBy: uuid('placed_by').notNull(),
    market: text('market').notNull(),
    currency: text('currency').notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    status: orderStatus('status').notNull().default('placed'),
    /** Who approved or rejected a held order, and when. */
    decidedBy: uuid('decided_by'),
    decidedAt: at('decided_at'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('orders_customer_idx').on(t.customerId, t.createdAt, t.id),
    index('orders_partner_idx').on(t.partnerId),
    // A reseller's open balance with its provider (R-CRD-1).
    index('orders_reseller_idx')
      .on(t.resellerId, t.partnerId)
      .where(sql`reseller_id IS NOT NULL`),
    // The orders waiting for a provider's decision.
    index('orders_held_idx')
      .on(t.partnerId, t.createdAt, t.id)
      .where(sql`status = 'held'`),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    /** Copied from the order, for row-level security and the customer's own reads. */
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    quantity: integer('quantity').notNull(),
    /** What the ordering partner (direct-bill partner or provider) pays the operator, per unit and billing period. */
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
    /** What the reseller of record pays its provider (indirect lines only), per unit and billing period. */
    resellerUnitPriceMinor: bigint('reseller_unit_price_minor', { mode: 'number' }),
    /** What the customer pays its partner of record, per unit and billing period. */
    customerUnitPriceMinor: bigint('customer_unit_price_minor', { mode: 'number' }).notNull(),
    /** The subscription it made; null while its order is held (R-CRD-1) or once rejected. */
    subscriptionId: uuid('subscription_id'),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.position] })],
);

/** What an order line made (R-CUS-9: each partner of record sees its own). */
export const subscriptions = pgTable(
  'subscriptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    /** The partner that ordered it (direct-bill partner or provider). */
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    /** The reseller of record of an indirect subscription. */
    resellerId: uuid('reseller_id').references(() => tenants.id),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id),
    quantity: integer('quantity').notNull(),
    status: subscriptionStatus('status').notNull(),
    term: offerTerm('term').notNull(),
    billingCycle: billingCycle('billing_cycle').notNull(),
    autoRenew: boolean('auto_renew').notNull(),
    termStart: at('term_start').notNull(),
    renewsAt: at('renews_at').notNull(),
    /** A quantity kept for the next term (R-SUB-3: needs auto-renewal), applied at renewal. */
    nextTermQuantity: integer('next_term_quantity'),
    /** Cancelled within the change window (R-SUB-1): the rest of its period is refunded. */
    cancelledAt: at('cancelled_at'),
    /** When the lifecycle timer next looks at it (notices, renewal, expiry steps); null when nothing is left to do. */
    nextCheckAt: at('next_check_at'),
    /** The last renewal notice sent for the current term (30, 7, 1 days ahead). */
    lastNoticeDays: integer('last_notice_days'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('subscriptions_customer_idx').on(t.customerId, t.createdAt, t.id),
    index('subscriptions_next_check_idx')
      .on(t.nextCheckAt, t.id)
      .where(sql`next_check_at IS NOT NULL`),
    index('subscriptions_partner_idx').on(t.partnerId, t.status),
    index('subscriptions_reseller_idx')
      .on(t.resellerId, t.status)
      .where(sql`reseller_id IS NOT NULL`),
  ],
);

/**
 * Each change of a subscription's quantity, from what to what and when: the history invoices
 * prorate (issue 11, part 7). The tenant columns are the subscription's, for row-level security.
 */
export const subscriptionQuantityChanges = pgTable(
  'subscription_quantity_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    resellerId: uuid('reseller_id').references(() => tenants.id),
    fromQuantity: integer('from_quantity').notNull(),
    toQuantity: integer('to_quantity').notNull(),
    changedBy: uuid('changed_by').notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('subscription_quantity_changes_subscription_idx').on(t.subscriptionId, t.at)],
);

/**
 * Each term a subscription serves (the purchase, then each renewal) with the prices of that
 * term at every tier of the channel: invoices charge each tier at its own price (issue 11,
 * parts 6 and 7), and a renewal takes the prices in force when it renews. Tenant columns are
 * the subscription's, for row-level security.
 */
export const subscriptionTerms = pgTable(
  'subscription_terms',
  {
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    start: at('start').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    resellerId: uuid('reseller_id').references(() => tenants.id),
    currency: text('currency').notNull(),
    /** The operator's price to the ordering partner, per unit and billing period. */
    partnerUnitPriceMinor: bigint('partner_unit_price_minor', { mode: 'number' }).notNull(),
    /** The provider's price to the reseller of record (indirect only). */
    resellerUnitPriceMinor: bigint('reseller_unit_price_minor', { mode: 'number' }),
    /** The partner of record's price to the customer. */
    customerUnitPriceMinor: bigint('customer_unit_price_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.subscriptionId, t.start] })],
);

export const priceBookAudience = pgEnum('price_book_audience', ['resellers', 'customers']);
export const priceRuleKind = pgEnum('price_rule_kind', ['markup', 'fixed']);
export const creditOverLimit = pgEnum('credit_over_limit', ['hold', 'refuse']);

/**
 * A seller's price book (issue 11, part 6): a provider's for its resellers, a direct-bill
 * partner's or reseller's for its customers. Its entries (src/domain/pricebooks.ts) set the
 * price from the operator's list price; all of a seller's books for one audience apply together.
 */
export const priceBooks = pgTable(
  'price_books',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The seller. */
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    audience: priceBookAudience('audience').notNull(),
    name: text('name').notNull(),
    createdAt: at('created_at').notNull(),
    /** When the book was renamed or a rule of it added, changed or removed last: what its lists show. */
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('price_books_partner_idx').on(t.partnerId, t.createdAt, t.id)],
);

/** A seller's named set of its resellers or customers, which price book entries can name. */
export const priceGroups = pgTable(
  'price_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    audience: priceBookAudience('audience').notNull(),
    name: text('name').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [index('price_groups_partner_idx').on(t.partnerId, t.createdAt, t.id)],
);

export const priceGroupMembers = pgTable(
  'price_group_members',
  {
    groupId: uuid('group_id')
      .notNull()
      .references(() => priceGroups.id),
    /** The group's seller, for row-level security and the lookup of a buyer's groups. */
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    /** A reseller or a customer of the seller. */
    memberId: uuid('member_id')
      .notNull()
      .references(() => tenants.id),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.memberId] }),
    index('price_group_members_member_idx').on(t.partnerId, t.memberId),
    index('price_group_members_page_idx').on(t.groupId, t.createdAt, t.memberId),
  ],
);

/** One rule of a price book: a markup in basis points or a fixed price in one currency, for an offer or all, for a buyer, a group or everyone. */
export const priceBookEntries = pgTable(
  'price_book_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    bookId: uuid('book_id')
      .notNull()
      .references(() => priceBooks.id),
    /** The book's seller, for row-level security and the pricing lookup. */
    partnerId: uuid('partner_id')
      .notNull()
      .references(() => tenants.id),
    audience: priceBookAudience('audience').notNull(),
    offerId: uuid('offer_id').references(() => offers.id),
    buyerId: uuid('buyer_id').references(() => tenants.id),
    groupId: uuid('group_id').references(() => priceGroups.id),
    kind: priceRuleKind('kind').notNull(),
    basisPoints: integer('basis_points'),
    amountMinor: bigint('amount_minor', { mode: 'number' }),
    currency: text('currency'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('price_book_entries_book_idx').on(t.bookId, t.createdAt, t.id),
    index('price_book_entries_seller_idx').on(t.partnerId, t.audience),
  ],
);

/**
 * The credit a provider extends to one of its resellers (R-CRD-1): a limit on the reseller's
 * open balance in one currency (none: no limit), what happens to an order past it, and the
 * payment terms of its invoices.
 */
export const creditTerms = pgTable(
  'credit_terms',
  {
    providerId: uuid('provider_id')
      .notNull()
      .references(() => tenants.id),
    resellerId: uuid('reseller_id')
      .notNull()
      .references(() => tenants.id),
    limitMinor: bigint('limit_minor', { mode: 'number' }),
    currency: text('currency').notNull(),
    overLimit: creditOverLimit('over_limit').notNull(),
    paymentTermDays: integer('payment_term_days').notNull(),
    updatedBy: uuid('updated_by').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.resellerId] })],
);

/**
 * A license of a subscription assigned to one of its customer's users (issue 11, part 5): at most
 * one per user and subscription, and never more than the subscription's quantity (R-LIC-1, kept by
 * locking the subscription's row). Removing one deletes its row; the events keep the history.
 */
export const licenseAssignments = pgTable(
  'license_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => tenants.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** The user who assigned it: the customer's admin, or a partner's user under a grant. */
    assignedBy: uuid('assigned_by').notNull(),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('license_assignments_subscription_user_key').on(t.subscriptionId, t.userId),
    index('license_assignments_subscription_idx').on(t.subscriptionId, t.createdAt, t.id),
    index('license_assignments_customer_idx').on(t.customerId, t.createdAt, t.id),
    index('license_assignments_user_idx').on(t.userId),
  ],
);

// Invoices (issue 11, part 7): each month's charges of the subscriptions, billed at every tier.
export const invoiceTier = pgEnum('invoice_tier', ['operator', 'provider', 'partner']);
export const invoiceStatus = pgEnum('invoice_status', ['draft', 'open', 'paid']);
export const chargeKind = pgEnum('charge_kind', ['purchase', 'renewal', 'period', 'increase', 'decrease', 'cancellation']);

/**
 * One invoice per seller, buyer, month and currency: the operator to an ordering partner (a
 * direct-bill partner or a provider), a provider to a reseller, a partner of record to a
 * customer. Made `draft` by the monthly run and `open` once the run has every line; the seller
 * marks it `paid`. Only its seller and buyer see it.
 */
export const invoices = pgTable(
  'invoices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => tenants.id),
    buyerId: uuid('buyer_id')
      .notNull()
      .references(() => tenants.id),
    tier: invoiceTier('tier').notNull(),
    /** The parties' names when it was issued, as an invoice carries them. */
    sellerName: text('seller_name').notNull(),
    buyerName: text('buyer_name').notNull(),
    /** The month billed, `YYYY-MM` (UTC): charges in [periodStart, periodEnd). */
    period: textC('period').notNull(),
    periodStart: at('period_start').notNull(),
    periodEnd: at('period_end').notNull(),
    currency: text('currency').notNull(),
    totalMinor: bigint('total_minor', { mode: 'number' }).notNull(),
    lineCount: integer('line_count').notNull(),
    status: invoiceStatus('status').notNull(),
    issuedAt: at('issued_at').notNull(),
    dueAt: at('due_at').notNull(),
    paidAt: at('paid_at'),
    paidBy: uuid('paid_by'),
  },
  (t) => [
    uniqueIndex('invoices_key').on(t.sellerId, t.buyerId, t.period, t.currency),
    index('invoices_seller_idx').on(t.sellerId, t.issuedAt, t.id),
    index('invoices_buyer_idx').on(t.buyerId, t.issuedAt, t.id),
    index('invoices_period_idx').on(t.period, t.status, t.id),
    // The run's next drafts: partial, for the reason given at tenants.
    index('invoices_drafts_idx')
      .on(t.period, t.id)
      .where(sql`status = 'draft'`),
  ],
);

/**
 * A charge on an invoice: what the subscription was charged, at the invoice's tier price, with
 * the names of its customer, offer and partner of record as they were when it was invoiced
 * (a reconciliation file reads the invoice as issued). Keyed by the charge, so that a run
 * done twice writes each once.
 */
export const invoiceLines = pgTable(
  'invoice_lines',
  {
    invoiceId: uuid('invoice_id')
      .notNull()
      .references(() => invoices.id),
    subscriptionId: uuid('subscription_id')
      .notNull()
      .references(() => subscriptions.id),
    chargedAt: at('charged_at').notNull(),
    kind: chargeKind('kind').notNull(),
    /** The invoice's, for row-level security. */
    sellerId: uuid('seller_id')
      .notNull()
      .references(() => tenants.id),
    buyerId: uuid('buyer_id')
      .notNull()
      .references(() => tenants.id),
    customerName: text('customer_name').notNull(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => offers.id),
    offerName: text('offer_name').notNull(),
    sku: text('sku').notNull(),
    partnerOfRecordName: text('partner_of_record_name').notNull(),
    periodStart: at('period_start').notNull(),
    periodEnd: at('period_end').notNull(),
    /** Units charged: negative for a refund. */
    quantity: integer('quantity').notNull(),
    unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
    amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.invoiceId, t.subscriptionId, t.chargedAt, t.kind] })],
);

/**
 * The monthly invoice run of one period, and how far it has come: the last subscription it
 * invoiced (runs go by id, one batch per transaction), then the draft invoices it opened. One
 * row per period: a second run, or a second worker, continues this one.
 */
export const invoiceRuns = pgTable('invoice_runs', {
  period: textC('period').primaryKey(),
  periodStart: at('period_start').notNull(),
  periodEnd: at('period_end').notNull(),
  startedAt: at('started_at').notNull(),
  /** The last subscription invoiced; null before the first batch. */
  lastSubscriptionId: uuid('last_subscription_id'),
  /** Set once every subscription is invoiced: then drafts are opened. */
  chargedAt: at('charged_at'),
  completedAt: at('completed_at'),
});

export const schema = {
  markets,
  tenants,
  users,
  sessions,
  apiTokens,
  signInFailures,
  actionTokens,
  partnerProfiles,
  partnerCapabilities,
  partnerIdRegistry,
  partnerIdProofs,
  enrollments,
  agreements,
  agreementAcceptances,
  incentivePrograms,
  incentiveInvitations,
  incentiveEnrollments,
  partnerships,
  partnershipInvitations,
  directoryEntries,
  customerAccounts,
  customerDomains,
  customerRelationships,
  relationshipRequests,
  affiliations,
  adminGrants,
  adminGrantRequests,
  bulkMoves,
  bulkMoveItems,
  settings,
  events,
  mailMessages,
  idempotencyKeys,
  offers,
  offerPrices,
  customerAgreementAttestations,
  orders,
  orderLines,
  subscriptions,
  subscriptionQuantityChanges,
  subscriptionTerms,
  priceBooks,
  priceGroups,
  priceGroupMembers,
  priceBookEntries,
  creditTerms,
  licenseAssignments,
  invoices,
  invoiceLines,
  invoiceRuns,
};
export type Schema = typeof schema;

/**
 * Which tenants each tenant is linked to, both ways, by any row of a table that joins two
 * tenants (a relationship, partnership, invitation, grant, request, bulk move or affiliation,
 * whatever its status). Kept by triggers on those tables (migration 0016) and never deleted: it
 * is what row-level security lets a tenant's requests reach beyond its own rows, with one
 * index probe per row. Which of those links a route may use is the services' decision.
 */
export const tenantLinks = pgTable(
  'tenant_links',
  {
    viewerId: uuid('viewer_id').notNull(),
    targetId: uuid('target_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.viewerId, t.targetId] })],
);
