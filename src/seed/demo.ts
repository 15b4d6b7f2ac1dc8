import { acceptAgreement, publishAgreement } from '../modules/agreements/service.ts';
import { approveEnrollment, confirmContact, confirmRequirements, submitEnrollment } from '../modules/enrollments/service.ts';
import { startMove } from '../modules/bulk-moves/service.ts';
import { createCustomer, setStoreChannel } from '../modules/customers/service.ts';
import { createOffer, setPrices } from '../modules/catalog/service.ts';
import { attestAgreement, placeOrder } from '../modules/orders/service.ts';
import { setResellerCredit } from '../modules/pricebooks/credit.ts';
import { createBook, createEntry } from '../modules/pricebooks/service.ts';
import { runInvoices } from '../modules/invoices/service.ts';
import { monthOf, previousMonth } from '../domain/invoicing.ts';
import { putEntry } from '../modules/directory/service.ts';
import { createProgram } from '../modules/incentives/service.ts';
import { createRequest } from '../modules/relationship-requests/service.ts';
import { createGrantRequest, decideGrantRequest } from '../modules/grant-requests/service.ts';
import { endGrant, liveGrantsHeld, narrowGrant } from '../modules/grants/service.ts';
import { establishPartnership, inviteReseller } from '../modules/partnerships/service.ts';
import { identifyForOffboarding, putRegistryEntry, recordProvenPartnerId, updateProfile } from '../modules/partners/service.ts';
import { createTenant, type NewTenant, type TenantView } from '../modules/tenants/service.ts';
import { operatorTenant } from '../modules/tenants/store.ts';
import { addMonths } from '../domain/subscriptions.ts';
import { clock, DAY_MS } from '../platform/clock.ts';
import { assignLicense } from '../modules/licenses/service.ts';
import { createUser, type UserRow } from '../modules/users/service.ts';
import { inTransaction, systemCtx, type Ctx, type Platform } from '../platform/context.ts';

/** Every demo user signs in with this password: demo data only, printed at start. */
export const DEMO_PASSWORD = 'trellis-demo-2026';

interface DemoTenant extends NewTenant {
  /** What the tenant becomes as the program capabilities land. */
  role: string;
}

/**
 * The demo world, grown by each capability: the operator; a provider, a direct-bill
 * partner and two resellers in the United States market; partners in Europe and Korea;
 * customers in four markets and three languages.
 */
export const demoTenants: DemoTenant[] = [
  {
    role: 'operator',
    kind: 'operator',
    name: 'Trellis Cloud (operator)',
    countryCode: 'US',
    admin: { email: 'operator@trellis.example', name: 'Olivia Operator' },
  },
  {
    role: 'indirect provider',
    kind: 'partner',
    name: 'Northwind Distribution',
    countryCode: 'US',
    admin: { email: 'admin@northwind.example', name: 'Nadia North' },
  },
  {
    role: 'direct-bill partner',
    kind: 'partner',
    name: 'Contoso Direct',
    countryCode: 'US',
    admin: { email: 'admin@contoso.example', name: 'Carlos Contoso' },
  },
  {
    role: 'indirect reseller',
    kind: 'partner',
    name: 'Fabrikam Solutions',
    countryCode: 'US',
    admin: { email: 'admin@fabrikam.example', name: 'Fatima Fabrikam' },
  },
  {
    role: 'indirect reseller',
    kind: 'partner',
    name: 'Tailspin IT',
    countryCode: 'US',
    admin: { email: 'admin@tailspin.example', name: 'Tom Tailspin' },
  },
  {
    role: 'moved from direct bill to indirect reseller',
    kind: 'partner',
    name: 'Relecloud Services',
    countryCode: 'US',
    admin: { email: 'admin@relecloud.example', name: 'Rosa Relecloud' },
  },
  {
    role: 'partner (Europe)',
    kind: 'partner',
    name: 'Woodgrove Partenaires',
    countryCode: 'FR',
    language: 'fr',
    admin: { email: 'admin@woodgrove.example', name: 'Wanda Woodgrove', language: 'fr' },
  },
  {
    role: 'partner (Korea)',
    kind: 'partner',
    name: 'Hanbit Partners',
    countryCode: 'KR',
    language: 'ko',
    admin: { email: 'admin@hanbit.example', name: '한빛 관리자', language: 'ko' },
  },
  {
    role: 'customer',
    kind: 'customer',
    name: 'Adatum Corporation',
    countryCode: 'US',
    admin: { email: 'it@adatum.example', name: 'Ada Adatum' },
  },
  {
    role: 'customer',
    kind: 'customer',
    name: 'Litware Inc.',
    countryCode: 'CA',
    admin: { email: 'it@litware.example', name: 'Liam Litware' },
  },
  {
    role: 'customer',
    kind: 'customer',
    name: 'Proseware GmbH',
    countryCode: 'DE',
    admin: { email: 'it@proseware.example', name: 'Petra Proseware' },
  },
  {
    role: 'customer',
    kind: 'customer',
    name: 'Agence Margie',
    countryCode: 'FR',
    language: 'fr',
    admin: { email: 'it@margie.example', name: 'Margaux Margie', language: 'fr' },
  },
  {
    role: 'customer',
    kind: 'customer',
    name: '서울 테크',
    countryCode: 'KR',
    language: 'ko',
    admin: { email: 'it@seoultech.example', name: '서울 관리자', language: 'ko' },
  },
];

/** Acting as a demo tenant's first admin. */
function as(platform: Platform, tenant: TenantView, admin: UserRow): Ctx {
  return {
    ...systemCtx(platform, 'seed'),
    actor: { userId: admin.id, tenantId: tenant.id, tenantKind: tenant.kind, email: admin.email, roles: admin.roles },
  };
}

const demoAgreements = [
  { type: 'partner_agreement', title: 'Partner Agreement' },
  { type: 'indirect_reseller_agreement', title: 'Indirect Reseller Agreement' },
  { type: 'customer_agreement', title: 'Customer Agreement' },
] as const;

/** Partners' program state: what each becomes (DOMAIN.md's three relationships). */
const programOf: Record<string, ('direct_bill' | 'indirect_provider' | 'indirect_reseller')[]> = {
  'Northwind Distribution': ['indirect_provider'],
  'Contoso Direct': ['direct_bill'],
  'Fabrikam Solutions': ['indirect_reseller'],
  'Tailspin IT': ['indirect_reseller'],
  'Relecloud Services': ['direct_bill'],
};

/** Seeds the demo on a database that has no operator yet; returns false when it was there. */
export async function seedDemo(platform: Platform): Promise<boolean> {
  const system = systemCtx(platform, 'seed');
  if (await operatorTenant(system)) return false;
  const made = new Map<string, { tenant: TenantView; admin: UserRow }>();
  for (const t of demoTenants) {
    const { role: _role, ...tenant } = t;
    made.set(t.name, await createTenant(system, { ...tenant, admin: { ...tenant.admin, password: DEMO_PASSWORD } }));
  }
  const operator = made.get(demoTenants[0]!.name)!;
  const op = as(platform, operator.tenant, operator.admin);
  for (const a of demoAgreements) {
    await publishAgreement(op, {
      type: a.type,
      version: '2026-01',
      title: a.title,
      body: `${a.title} of the Trellis Cloud partner program (demo text).`,
      effectiveAt: '2026-01-01T00:00:00Z',
    });
  }
  await createProgram(op, {
    name: 'Reseller Growth',
    kind: 'indirect_reseller',
    description: 'Rebates on new indirect customers.',
  });
  await createProgram(op, { name: 'Direct Bill Rewards', kind: 'direct_bill', description: 'Rebates on direct-bill renewals.' });

  let n = 100_001;
  for (const t of demoTenants.filter((d) => d.kind === 'partner')) {
    const { tenant, admin } = made.get(t.name)!;
    const partner = as(platform, tenant, admin);
    const domain = admin.email.split('@')[1]!;
    const partnerId = String(n++);
    await putRegistryEntry(op, {
      partnerId,
      organizationName: tenant.name,
      countryCode: tenant.countryCode,
      accountEmail: `network@${domain}`,
      active: true,
    });
    await recordProvenPartnerId(partner, tenant.id, partnerId);
    await updateProfile(partner, tenant.id, demoProfile(tenant.name, tenant.countryCode, domain, admin.name));
    const programs = programOf[t.name] ?? [];
    if (programs.length > 0) await acceptAgreement(partner, 'partner_agreement', '2026-01');
    for (const program of programs) {
      const submitted = await submitEnrollment(partner, { program });
      const confirmed = await confirmContact(system, tenant.id, submitted.id);
      if (program === 'direct_bill') await confirmRequirements(op, confirmed.id);
      await approveEnrollment(op, confirmed.id);
      if (program === 'indirect_reseller') await acceptAgreement(partner, 'indirect_reseller_agreement', '2026-01');
    }
  }
  // The direct-bill partner the operator has chosen for the move to indirect (R-TRN-1).
  await identifyForOffboarding(op, made.get('Contoso Direct')!.tenant.id);
  // The provider works with both resellers (R-PRT-2), and has one invitation out.
  const northwind = made.get('Northwind Distribution')!;
  for (const reseller of ['Fabrikam Solutions', 'Tailspin IT']) {
    await establishPartnership(system, northwind.tenant, made.get(reseller)!.tenant, null);
  }
  await inviteReseller(as(platform, northwind.tenant, northwind.admin), { email: 'owner@alpine-it.example' });
  // Customers of each kind (R-CUS-5): direct ones of Contoso, indirect ones of Northwind's resellers.
  const contoso = made.get('Contoso Direct')!;
  const demoAddress = { line1: '500 Pine St', city: 'Seattle', region: 'WA', postalCode: '98101' };
  const customers = new Map<string, Ctx>();
  for (const [name, domain, by, reseller] of [
    ['Fourth Coffee', 'fourthcoffee.example', contoso, undefined],
    ['Wide World Importers', 'wideworldimporters.example', contoso, undefined],
    ['Blue Yonder Airlines', 'blueyonder.example', northwind, 'Fabrikam Solutions'],
    ['Coho Winery', 'cohowinery.example', northwind, 'Tailspin IT'],
    ['Alpine Ski House', 'alpineskihouse.example', northwind, 'Fabrikam Solutions'],
  ] as const) {
    const { item, admin } = await createCustomer(as(platform, by.tenant, by.admin), {
      companyName: name,
      primaryDomain: domain,
      countryCode: 'US',
      address: demoAddress,
      admin: { name: `${name} IT`, email: `it@${domain}` },
      ...(reseller ? { resellerId: made.get(reseller)!.tenant.id } : {}),
    });
    customers.set(name, {
      ...system,
      actor: { userId: admin.id, tenantId: item.id, tenantKind: 'customer', email: admin.email, roles: ['global_admin'] },
    });
  }
  await seedGrants(platform, made, customers);
  // Last month's invoices (issue 11, part 7): the orders are placed at noon on the last day of last
  // month, and that month is invoiced as the run on the 1st does it.
  const seededAt = clock.now();
  await lastDayOfLastMonth(() => seedCommerce(platform, made, op, customers, seededAt));
  await runInvoices(system, previousMonth(clock.now()).period);
  await seedBulkMove(platform, made, op);
  // Pending requests (R-CUS-1, R-CUS-2): Adatum, a customer on its own, is invited jointly.
  const fabrikam = made.get('Fabrikam Solutions')!;
  await createRequest(as(platform, fabrikam.tenant, fabrikam.admin), {
    providerId: northwind.tenant.id,
    email: 'it@adatum.example',
    send: true,
  });
  await createRequest(as(platform, contoso.tenant, contoso.admin), { email: 'cfo@trey-prospect.example' });
  await putEntry(as(platform, northwind.tenant, northwind.admin), {
    description: 'Cloud distribution for the United States: onboarding, training and 60-day terms.',
    offers: ['training', 'support', 'billing', 'financing'],
    website: 'https://northwind.example',
    contactEmail: 'partners@northwind.example',
    listed: true,
  });
  return true;
}

/** Runs `fn` with the clock at `at` (in the past): demo history that happened before the seed ran. */
async function backdated<T>(at: Date, fn: () => Promise<T>): Promise<T> {
  const shift = at.getTime() - clock.now().getTime();
  clock.advance(shift);
  try {
    return await fn();
  } finally {
    clock.advance(-shift);
  }
}

type Made = Map<string, { tenant: TenantView; admin: UserRow }>;

/** The catalog, priced in every demo market (minor units: cents, and won for Korea). */
const demoOffers = [
  {
    sku: 'OFFICE-E3-P1Y',
    name: 'Office E3 (annual term, billed monthly)',
    kind: 'license_subscription',
    term: 'P1Y',
    billingCycle: 'monthly',
    minQuantity: 1,
    maxQuantity: 300,
    usd: 3600,
  },
  {
    sku: 'OFFICE-E3-P1M',
    name: 'Office E3 (monthly term)',
    kind: 'license_subscription',
    term: 'P1M',
    billingCycle: 'monthly',
    minQuantity: 1,
    maxQuantity: 300,
    usd: 4320,
  },
  {
    sku: 'SECURITY-P3Y',
    name: 'Security Suite (3-year term, billed annually)',
    kind: 'license_subscription',
    term: 'P3Y',
    billingCycle: 'annual',
    minQuantity: 5,
    maxQuantity: 5000,
    usd: 12000,
  },
  {
    sku: 'VM-RESERVED-P1Y',
    name: 'Reserved VM instance, 1 year',
    kind: 'reservation',
    term: 'P1Y',
    billingCycle: 'annual',
    minQuantity: 1,
    maxQuantity: 100,
    usd: 87600,
  },
  {
    sku: 'PROJECT-2026',
    name: 'Project Professional 2026 (perpetual)',
    kind: 'perpetual_software',
    term: 'P1Y',
    billingCycle: 'annual',
    minQuantity: 1,
    maxQuantity: 50,
    usd: 129900,
  },
] as const;

/** Runs `fn` with the clock at noon of the last day of last month, then moves it back (keeping any test's offset). */
async function lastDayOfLastMonth(fn: () => Promise<void>): Promise<void> {
  const now = clock.now();
  const shift = monthOf(now).start.getTime() - 12 * 3_600_000 - now.getTime();
  clock.advance(shift);
  try {
    await fn();
  } finally {
    clock.advance(-shift);
  }
}

/**
 * Issue 11: offers in every demo market (United States, Canada, Europe, Korea), the customer
 * agreement accepted or attested, and orders of both models: Contoso for its direct customers
 * (a reservation and perpetual software among them), Northwind for its resellers' customers with
 * the reseller of record. Wide World Importers' monthly term was ordered a month ago less three
 * days: it renews three days after seeding (R-SUB-4), and its 7-day notice goes to Contoso's admins
 * at the first timer run.
 */
async function seedCommerce(platform: Platform, made: Made, op: Ctx, customers: Map<string, Ctx>, seededAt: Date): Promise<void> {
  const ids = new Map<string, string>();
  for (const o of demoOffers) {
    const { usd, ...offer } = o;
    const row = await createOffer(op, offer);
    await setPrices(op, row.id, [
      { market: 'United States', currency: 'USD', unitPriceMinor: usd },
      { market: 'Canada', currency: 'CAD', unitPriceMinor: Math.round((usd * 1.37) / 100) * 100 },
      { market: 'Europe', currency: 'EUR', unitPriceMinor: Math.round((usd * 0.93) / 100) * 100 },
      { market: 'Europe', currency: 'GBP', unitPriceMinor: Math.round((usd * 0.8) / 100) * 100 },
      // The won has no minor unit: 1 USD cent ≈ 13.5 won.
      { market: 'Korea', currency: 'KRW', unitPriceMinor: Math.round((usd * 13.5) / 100) * 100 },
    ]);
    ids.set(o.sku, row.id);
  }
  const partner = (name: string) => as(platform, made.get(name)!.tenant, made.get(name)!.admin);
  const customerId = (name: string) => customers.get(name)!.actor!.tenantId;
  // R-AGR-3: Fourth Coffee's admin accepted in Trellis; the others signed on paper, attested by their partner.
  await acceptAgreement(customers.get('Fourth Coffee')!, 'customer_agreement', '2026-01');
  for (const [by, customer, signer] of [
    ['Contoso Direct', 'Wide World Importers', 'Wei Wide'],
    ['Northwind Distribution', 'Blue Yonder Airlines', 'Bea Yonder'],
    ['Northwind Distribution', 'Coho Winery', 'Cora Coho'],
  ] as const) {
    const domain = customer.toLowerCase().split(' ')[0]!;
    await attestAgreement(partner(by), customerId(customer), {
      signerName: signer,
      signerEmail: `${signer.split(' ')[0]!.toLowerCase()}@${domain}.example`,
      signedOn: '2026-01-10',
    });
  }
  const lines = (...l: [string, number][]) => l.map(([sku, quantity]) => ({ offerId: ids.get(sku)!, quantity }));
  const contoso = partner('Contoso Direct');
  const fourth = await placeOrder(contoso, customerId('Fourth Coffee'), {
    lines: lines(['OFFICE-E3-P1Y', 25], ['VM-RESERVED-P1Y', 2], ['PROJECT-2026', 3]),
  });
  await backdated(addMonths(new Date(seededAt.getTime() + 3 * DAY_MS), -1), () =>
    placeOrder(contoso, customerId('Wide World Importers'), { lines: lines(['OFFICE-E3-P1M', 40]) }),
  );
  const northwind = partner('Northwind Distribution');
  // Part 6: Northwind sells to Fabrikam at 8% over the list price and extends it 25,000.00 USD of
  // credit, net 30 (an order past it is held for Northwind's approval); Fabrikam sells to its
  // customers at 15% over the list price.
  const fabrikamId = made.get('Fabrikam Solutions')!.tenant.id;
  const partnerPrices = await createBook(northwind, { audience: 'resellers', name: 'Partner prices 2026' });
  await createEntry(northwind, partnerPrices.id, { buyerId: fabrikamId, rule: { kind: 'markup', basisPoints: 800 } });
  await setResellerCredit(northwind, fabrikamId, {
    limitMinor: 2_500_000,
    currency: 'USD',
    overLimit: 'hold',
    paymentTermDays: 30,
  });
  const fabrikam = partner('Fabrikam Solutions');
  const retail = await createBook(fabrikam, { audience: 'customers', name: 'Retail' });
  await createEntry(fabrikam, retail.id, { rule: { kind: 'markup', basisPoints: 1500 } });
  const blue = await placeOrder(northwind, customerId('Blue Yonder Airlines'), {
    lines: lines(['OFFICE-E3-P1Y', 120], ['SECURITY-P3Y', 120]),
    resellerId: made.get('Fabrikam Solutions')!.tenant.id,
  });
  await placeOrder(northwind, customerId('Coho Winery'), {
    lines: lines(['OFFICE-E3-P1M', 12]),
    resellerId: made.get('Tailspin IT')!.tenant.id,
  });
  await seedLicenses(customers, [
    // Contoso, the direct-bill partner, under the license_admin grant Fourth Coffee narrowed its default to.
    { customer: 'Fourth Coffee', by: contoso, subscriptions: [fourth.lines[0]!.subscriptionId!] },
    // Fabrikam, Blue Yonder's reseller of record, manages its licenses; Northwind ordered them (R-CUS-7).
    {
      customer: 'Blue Yonder Airlines',
      by: partner('Fabrikam Solutions'),
      subscriptions: blue.lines.map((l) => l.subscriptionId!),
    },
  ]);
}

/** A few people of two demo customers, each given a license of each subscription named (issue 11, part 5). */
const demoStaff = ['Avery', 'Blake', 'Casey'];

async function seedLicenses(
  customers: Map<string, Ctx>,
  plans: { customer: string; by: Ctx; subscriptions: string[] }[],
): Promise<void> {
  for (const plan of plans) {
    const admin = customers.get(plan.customer)!;
    const domain = admin.actor!.email.split('@')[1]!;
    const people = [admin.actor!.userId];
    for (const first of demoStaff) {
      const user = await inTransaction(admin, (tx) =>
        createUser(tx, {
          tenantId: admin.actor!.tenantId,
          kind: 'customer',
          email: `${first.toLowerCase()}@${domain}`,
          name: `${first} ${plan.customer.split(' ')[0]}`,
          language: 'en',
          roles: ['user'],
          password: DEMO_PASSWORD,
        }),
      );
      people.push(user.id);
    }
    for (const subscriptionId of plan.subscriptions) {
      for (const userId of people) await assignLicense(plan.by, subscriptionId, userId);
    }
  }
}

/**
 * Delegated-admin grants of several shapes (R-GRT-1..3), beside the defaults every customer
 * and partnership got: a time-boxed global admin approved as asked, a request narrowed on
 * approval to five days (its 7-day notice goes out at the first timer run), a default grant the
 * customer narrowed, one it ended, and a request waiting in a customer's mailbox.
 */
async function seedGrants(platform: Platform, made: Made, customers: Map<string, Ctx>): Promise<void> {
  const partner = (name: string) => as(platform, made.get(name)!.tenant, made.get(name)!.admin);
  const customer = (name: string) => customers.get(name)!;
  const idOf = (name: string) => customer(name).actor!.tenantId;
  const defaultGrant = async (partnerName: string, customerName: string) =>
    (await liveGrantsHeld(customer(customerName), made.get(partnerName)!.tenant.id, idOf(customerName)))[0]!;

  const migration = await createGrantRequest(partner('Fabrikam Solutions'), {
    grantorId: idOf('Blue Yonder Airlines'),
    roles: ['global_admin'],
    days: 30,
    message: 'Mailbox migration in December: global admin for a month, then back to the usual roles.',
  });
  await decideGrantRequest(customer('Blue Yonder Airlines'), migration.request.id, { decision: 'approve' });

  const audit = await createGrantRequest(partner('Tailspin IT'), {
    grantorId: idOf('Coho Winery'),
    roles: ['global_reader', 'user_admin'],
    days: 30,
    message: 'A security review of your tenant.',
  });
  await decideGrantRequest(customer('Coho Winery'), audit.request.id, { decision: 'approve', roles: ['global_reader'], days: 5 });

  const fourth = await defaultGrant('Contoso Direct', 'Fourth Coffee');
  await narrowGrant(customer('Fourth Coffee'), fourth.id, ['license_admin']);
  const alpine = await defaultGrant('Fabrikam Solutions', 'Alpine Ski House');
  await endGrant(customer('Alpine Ski House'), alpine.id);

  const wide = await defaultGrant('Contoso Direct', 'Wide World Importers');
  await createGrantRequest(partner('Contoso Direct'), {
    grantorId: idOf('Wide World Importers'),
    grantId: wide.id,
    roles: [...wide.roles, 'global_reader'],
    days: 365,
    autoExtend: true,
    message: 'To prepare your renewal we would like to read your license use.',
  });
}

/** Relecloud's direct customers, which it is moving to Northwind; the starred ones buy through the store channel. */
const movingCustomers = [
  'Lamna Healthcare',
  'Fincher Architects',
  'Humongous Insurance*',
  'Lucerne Publishing',
  'Southridge Video',
  'VanArsdel Ltd',
  'Woodgrove Bank',
  'Graphic Design Institute*',
  'Nod Publishers',
  'School of Fine Art',
  'Tailwind Traders',
  'First Up Consultants',
  'Bellows College',
  'Best For You Organics*',
  'Consolidated Messenger',
  'Wingtip Toys',
  'City Power & Light',
  'Munson Pickles',
  'Fabrikam Residences',
  'Liberty Delightful',
];

/**
 * Seed 002 in motion: Relecloud sold direct, moved to indirect reseller (R-TRN-1..3) and
 * partnered with Northwind, and is moving its direct customers to it, two requests a minute,
 * so the move runs for minutes after start; the store-channel customers are reported and
 * stay on direct bill (R-TRN-9).
 */
async function seedBulkMove(platform: Platform, made: Made, op: Ctx): Promise<void> {
  const system = systemCtx(platform, 'seed');
  const relecloud = made.get('Relecloud Services')!;
  const northwind = made.get('Northwind Distribution')!;
  const rc = as(platform, relecloud.tenant, relecloud.admin);
  const ids: string[] = [];
  for (const entry of movingCustomers) {
    const name = entry.replace('*', '');
    const domain = `${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`;
    const { item } = await createCustomer(rc, {
      companyName: name,
      primaryDomain: domain,
      countryCode: 'US',
      admin: { name: `${name} IT`, email: `it@${domain}` },
    });
    if (entry.endsWith('*')) await setStoreChannel(op, item.id, true);
    ids.push(item.id);
  }
  await identifyForOffboarding(op, relecloud.tenant.id);
  const transition = await submitEnrollment(rc, { program: 'indirect_reseller', acknowledgeNoRollback: true });
  await approveEnrollment(op, transition.id);
  await acceptAgreement(rc, 'indirect_reseller_agreement', '2026-01');
  await establishPartnership(system, northwind.tenant, relecloud.tenant, null);
  await startMove(rc, { providerId: northwind.tenant.id, customerIds: ids, perMinute: 2 });
}

const demoAddresses: Record<string, { line1: string; city: string; region: string | null; postalCode: string }> = {
  US: { line1: '1 Microsoft Way', city: 'Redmond', region: 'WA', postalCode: '98052' },
  FR: { line1: '39 quai du Président Roosevelt', city: 'Issy-les-Moulineaux', region: null, postalCode: '92130' },
  KR: { line1: '152 Teheran-ro', city: 'Seoul', region: null, postalCode: '06236' },
};

function demoProfile(name: string, country: string, domain: string, contact: string) {
  return {
    legalName: `${name} Ltd.`,
    address: demoAddresses[country]!,
    primaryContact: { name: contact, email: `contact@${domain}`, phone: '+1 425 555 0100' },
    supportContact: { email: `support@${domain}`, phone: '+1 425 555 0199', website: `https://${domain}/support` },
  };
}

export function demoSignInTable(): string {
  const width = Math.max(...demoTenants.map((t) => t.admin.email.length));
  const lines = demoTenants.map((t) => `  ${t.admin.email.padEnd(width)}  ${t.name} (${t.role}, ${t.countryCode})`);
  return [`Demo users (password for all: ${DEMO_PASSWORD}):`, ...lines].join('\n');
}
