/**
 * The program-membership flow through the API, for tests: register a partner ID, link it
 * (R-ENR-1), complete the profile, enroll, confirm the primary contact's e-mail (R-ENR-2),
 * and approve as the operator (R-ENR-3, R-ENR-5).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PASSWORD, type TestTrellis } from './harness.ts';

export type Api = ReturnType<TestTrellis['as']>;
export type ProgramName = 'direct_bill' | 'indirect_provider' | 'indirect_reseller';

export const unique = () => randomBytes(4).toString('hex');

/** A valid address in each country the tests use. */
export const addresses = {
  US: { line1: '1 Main Street', city: 'Redmond', region: 'WA', postalCode: '98052' },
  FR: { line1: '1 rue de Rivoli', city: 'Paris', postalCode: '75001' },
  KR: { line1: '152 Teheran-ro', city: 'Seoul', postalCode: '06236' },
} as const;
export type TestCountry = keyof typeof addresses;

/** Every section of a complete profile (the partner ID aside), with addresses unique to `tag`. */
export function fullProfile(countryCode: TestCountry = 'US', tag = unique()) {
  return {
    legalName: `Legal ${tag} Inc.`,
    address: { ...addresses[countryCode] },
    primaryContact: { name: `Primary ${tag}`, email: `primary-${tag}@company-${tag}.example`, phone: '+1 425 555 0100' },
    supportContact: {
      email: `support-${tag}@company-${tag}.example`,
      phone: '+1 425 555 0199',
      website: 'https://support.example/',
    },
  };
}

/** The `token=` of the newest mail of a template to an address. */
export async function mailedToken(t: TestTrellis, address: string, template: string): Promise<string> {
  const mail = (await t.mailTo(address)).find((m) => m.template === template);
  assert.ok(mail, `no ${template} mail to ${address}`);
  const match = /(?:token=|\/links\/)([A-Za-z0-9_-]+)/.exec(mail.textBody);
  assert.ok(match, `no token link in the ${template} mail to ${address}`);
  return match[1]!;
}

/** Invites a user into the tenant of `admin` (which holds users.manage), sets its password, signs it in. */
export async function member(t: TestTrellis, admin: Api, roles: string[], email = `member-${unique()}@example.com`) {
  const res = await admin.post('/v1/users', { email, name: `Member ${email}`, roles });
  assert.equal(res.status, 201, res.raw);
  const token = await mailedToken(t, email, 'userInvitation');
  const setup = await t.request('POST', '/v1/password-setups', { body: { token, password: PASSWORD } });
  assert.equal(setup.status, 200, setup.raw);
  const cookie = await t.signIn(email);
  return { user: res.body as { id: string; email: string }, cookie, api: t.as({ cookie }) };
}

export interface ProgramPartner {
  tenant: { id: string; name: string };
  admin: { id: string; email: string };
  cookie: string;
  api: Api;
  countryCode: TestCountry;
  /** The proven partner ID, or null when not linked. */
  partnerId: string | null;
  /** The primary contact's address when the profile has one. */
  primaryContactEmail: string | null;
}

export interface Enrollment {
  id: string;
  tenantId: string;
  program: ProgramName;
  status: 'pending_verification' | 'pending_review' | 'approved' | 'rejected';
  transition: boolean;
  primaryContact: { name: string; email: string };
  emailVerifiedAt: string | null;
  requirementsConfirmedAt: string | null;
  decidedAt: string | null;
  rejectionReason: string | null;
  createdAt: string;
}

/** The flow, driven by one operator admin (an installation has one operator tenant: make it once per file). */
export class ProgramFlow {
  constructor(
    readonly t: TestTrellis,
    readonly operator: Api,
  ) {}

  /** Puts a partner ID in the operator's registry (active, in the US unless told otherwise). */
  async registerPartnerId(
    entry: { countryCode?: string; active?: boolean; accountEmail?: string; organizationName?: string } = {},
  ) {
    const partnerId = `PN-${unique()}`;
    const body = {
      organizationName: entry.organizationName ?? `Organization ${partnerId}`,
      countryCode: entry.countryCode ?? 'US',
      accountEmail: entry.accountEmail ?? `account-${partnerId.toLowerCase()}@registry.example`,
      active: entry.active ?? true,
    };
    const res = await this.operator.put(`/v1/operator/partner-ids/${partnerId}`, body);
    assert.equal(res.status, 200, res.raw);
    return { partnerId, accountEmail: body.accountEmail.toLowerCase(), organizationName: body.organizationName };
  }

  /** The six-digit code of the newest partner-ID mail to an account e-mail. */
  async partnerIdCode(accountEmail: string): Promise<string> {
    const mail = (await this.t.mailTo(accountEmail)).find((m) => m.template === 'partnerIdCode');
    assert.ok(mail, `no partner ID code mailed to ${accountEmail}`);
    const match = /\b(\d{6})\b/.exec(mail.subject);
    assert.ok(match, `no code in the subject "${mail.subject}"`);
    return match[1]!;
  }

  /** Registers a partner ID in the partner's country and proves it with the mailed code. */
  async linkPartnerId(partner: { api: Api; countryCode: string }): Promise<string> {
    const { partnerId, accountEmail } = await this.registerPartnerId({ countryCode: partner.countryCode });
    const started = await partner.api.post('/v1/partner/partner-id-links', { partnerId });
    assert.equal(started.status, 201, started.raw);
    const code = await this.partnerIdCode(accountEmail);
    const proven = await partner.api.post(`/v1/partner/partner-id-links/${started.body.id}/verification`, { code });
    assert.equal(proven.status, 200, proven.raw);
    assert.equal(proven.body.partnerId, partnerId);
    return partnerId;
  }

  /**
   * A signed-up partner, by default with a complete profile and a proven partner ID, ready to enroll.
   * `profile: false` leaves the profile empty; `partnerId: false` leaves the ID unlinked.
   */
  async partner(
    options: { countryCode?: TestCountry; language?: string; profile?: boolean; partnerId?: boolean } = {},
  ): Promise<ProgramPartner> {
    const countryCode = options.countryCode ?? 'US';
    const tag = unique();
    const p = await this.t.tenantWithAdmin('partner', {
      countryCode,
      email: `admin-${tag}@partner-${tag}.example`,
      ...(options.language ? { language: options.language } : {}),
    });
    let primaryContactEmail: string | null = null;
    if (options.profile !== false) {
      const profile = fullProfile(countryCode, tag);
      const res = await p.api.put('/v1/partner/profile', profile);
      assert.equal(res.status, 200, res.raw);
      primaryContactEmail = profile.primaryContact.email;
    }
    const partnerId = options.partnerId === false ? null : await this.linkPartnerId({ api: p.api, countryCode });
    return { tenant: p.tenant, admin: p.admin, cookie: p.cookie, api: p.api, countryCode, partnerId, primaryContactEmail };
  }

  /**
   * Submits an enrollment and expects 201: awaiting the primary contact's confirmation, or
   * already in review (or decided) when the contact confirmed before.
   */
  async enroll(partner: { api: Api }, program: ProgramName, extra: Record<string, unknown> = {}): Promise<Enrollment> {
    const res = await partner.api.post('/v1/enrollments', { program, ...extra });
    assert.equal(res.status, 201, res.raw);
    assert.equal(res.body.program, program);
    assert.ok(['pending_verification', 'pending_review', 'approved'].includes(res.body.status), res.raw);
    return res.body as Enrollment;
  }

  /** The token of the newest confirmation link mailed to a primary contact (R-ENR-2). */
  verificationToken(primaryContactEmail: string): Promise<string> {
    return mailedToken(this.t, primaryContactEmail, 'enrollmentVerification');
  }

  /** The primary contact confirms with the mailed link (nothing to do when it needs no confirmation). */
  async verify(enrollment: Enrollment): Promise<Enrollment> {
    if (enrollment.status !== 'pending_verification') return enrollment;
    const token = await this.verificationToken(enrollment.primaryContact.email);
    const res = await this.t.request('POST', '/v1/email-verifications', { body: { token } });
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.id, enrollment.id);
    return res.body as Enrollment;
  }

  /** Approves as the operator (`reviewer` defaults to the operator admin); direct bill has its requirements confirmed first (R-ENR-5). */
  async approve(enrollment: Enrollment, reviewer: Api = this.operator): Promise<Enrollment> {
    let current = enrollment;
    if (current.program === 'direct_bill' && !current.requirementsConfirmedAt) {
      const confirmed = await reviewer.post(`/v1/operator/enrollments/${current.id}/requirements-confirmation`, {
        apiIntegration: true,
        billing: true,
        support: true,
      });
      assert.equal(confirmed.status, 200, confirmed.raw);
      current = confirmed.body as Enrollment;
    }
    if (current.status === 'approved') return current;
    const res = await reviewer.post(`/v1/operator/enrollments/${current.id}/approval`);
    assert.equal(res.status, 200, res.raw);
    assert.equal(res.body.status, 'approved');
    return res.body as Enrollment;
  }

  /** Enroll, confirm and approve in one go. */
  async join(partner: { api: Api }, program: ProgramName, extra: Record<string, unknown> = {}): Promise<Enrollment> {
    return this.approve(await this.verify(await this.enroll(partner, program, extra)));
  }

  /** A new partner, approved in a program. */
  async partnerIn(
    program: ProgramName,
    options: Parameters<ProgramFlow['partner']>[0] = {},
  ): Promise<ProgramPartner & { enrollment: Enrollment }> {
    const partner = await this.partner(options);
    return { ...partner, enrollment: await this.join(partner, program) };
  }

  /**
   * Seed 002: a direct-bill partner moves to indirect reseller with its existing tenant
   * (R-TRN-1..3): the operator identifies it for offboarding, its global admin enrolls
   * acknowledging there is no rollback, the operator approves.
   */
  async moveToIndirect(partner: ProgramPartner): Promise<void> {
    const flagged = await this.operator.post(`/v1/operator/partners/${partner.tenant.id}/offboarding`);
    assert.equal(flagged.status, 204, flagged.raw);
    const submitted = await partner.api.post('/v1/enrollments', { program: 'indirect_reseller', acknowledgeNoRollback: true });
    assert.equal(submitted.status, 201, submitted.raw);
    const approved = await this.operator.post(`/v1/operator/enrollments/${submitted.body.id}/approval`);
    assert.equal(approved.status, 200, approved.raw);
  }

  /** The provider invites the reseller by partner ID and the reseller's admin authorizes it; the partnership's id. */
  async partnerUp(provider: { api: Api }, reseller: ProgramPartner): Promise<string> {
    const invited = await provider.api.post('/v1/partnership-invitations', { partnerId: reseller.partnerId });
    assert.equal(invited.status, 201, invited.raw);
    const accountEmail = (await this.operator.get(`/v1/operator/partner-ids/${reseller.partnerId}`)).body.accountEmail;
    const token = await mailedToken(this.t, accountEmail, 'partnershipInvitation');
    const accepted = await reseller.api.post(`/v1/links/${token}/acceptance`, { authorize: true });
    assert.equal(accepted.status, 201, accepted.raw);
    return accepted.body.partnershipId as string;
  }
}

/** A customer tenant as a partner makes it (POST /v1/customers), with its first admin's sign-in. */
export interface MadeCustomer {
  id: string;
  email: string;
  /** The first admin's temporary password, shown once at creation. */
  password: string;
}

/** A new customer of the calling partner (a direct-bill partner's direct customer unless `extra` names a reseller). */
export async function newCustomer(api: Api, extra: Record<string, unknown> = {}): Promise<MadeCustomer> {
  const tag = unique();
  const res = await api.post('/v1/customers', {
    companyName: `Customer ${tag}`,
    primaryDomain: `customer-${tag}.example`,
    countryCode: 'US',
    admin: { name: `Admin ${tag}`, email: `admin@customer-${tag}.example` },
    ...extra,
  });
  assert.equal(res.status, 201, res.raw);
  return { id: res.body.customer.id, email: res.body.admin.email, password: res.body.admin.temporaryPassword };
}
