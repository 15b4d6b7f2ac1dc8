import type { Me } from '../api/session';

/** One entry of the side menu: shown to those whose tenant and permissions fit it. */
export interface NavEntry {
  path: string;
  /** Key in the `common` namespace (`nav.*`). */
  label: string;
  visible(me: Me, capabilities: ReadonlySet<string>): boolean;
}

const partner = (me: Me) => me.tenant.kind === 'partner';
const customer = (me: Me) => me.tenant.kind === 'customer';
const operator = (me: Me) => me.tenant.kind === 'operator';
const may = (me: Me, permission: string) => me.permissions.includes(permission);
/** A partner page for one program: shown once that capability is active (from program info). */
const holds = (capabilities: ReadonlySet<string>, capability: string) => capabilities.has(capability);

/** The menu, in the order the seeds' portal shows it. Pages add their entry here. */
export const navigation: NavEntry[] = [
  { path: '/', label: 'nav.overview', visible: () => true },
  { path: '/operator/enrollments', label: 'nav.reviews', visible: (me) => operator(me) && may(me, 'operator.review') },
  { path: '/operator/partners', label: 'nav.operatorPartners', visible: (me) => operator(me) && may(me, 'operator.read') },
  { path: '/operator/offers', label: 'nav.offers', visible: (me) => operator(me) && may(me, 'operator.read') },
  { path: '/operator/invoices', label: 'nav.operatorInvoices', visible: (me) => operator(me) && may(me, 'operator.read') },
  { path: '/operator/audit', label: 'nav.audit', visible: (me) => operator(me) && may(me, 'audit.read') },
  { path: '/operator/settings', label: 'nav.operatorSettings', visible: (me) => operator(me) && may(me, 'operator.admin') },
  { path: '/mailbox', label: 'nav.mailbox', visible: () => false },
  {
    path: '/indirect-resellers',
    label: 'nav.indirectResellers',
    visible: (me, caps) => partner(me) && may(me, 'partnerships.read') && holds(caps, 'indirect_provider'),
  },
  {
    path: '/indirect-providers',
    label: 'nav.indirectProviders',
    visible: (me, caps) => partner(me) && may(me, 'partnerships.read') && holds(caps, 'indirect_reseller'),
  },
  { path: '/customers', label: 'nav.customers', visible: (me) => partner(me) && may(me, 'customers.read') },
  { path: '/catalog', label: 'nav.catalog', visible: (me) => partner(me) && may(me, 'catalog.read') },
  // Issue 11: a provider prices its resellers, a direct-bill partner or reseller its customers.
  {
    path: '/price-books',
    label: 'nav.priceBooks',
    visible: (me, caps) =>
      partner(me) &&
      may(me, 'billing.read') &&
      (holds(caps, 'indirect_provider') || holds(caps, 'direct_bill') || holds(caps, 'indirect_reseller')),
  },
  {
    path: '/bulk-moves',
    label: 'nav.bulkMoves',
    // R-TRN-9: a direct-bill partner that moved to indirect reseller takes its direct customers to a provider.
    visible: (me, caps) =>
      partner(me) && may(me, 'relationship_requests.send') && holds(caps, 'direct_bill') && holds(caps, 'indirect_reseller'),
  },
  // R-CUS-8: the customer's own admin reads its subscriptions, orders and licenses, whoever sold them.
  { path: '/services', label: 'nav.services', visible: (me) => customer(me) && may(me, 'subscriptions.read') },
  { path: '/partners', label: 'nav.partners', visible: (me) => customer(me) && may(me, 'relationships.read') },
  // Partners issue and receive invoices; a customer's global admin reads those it receives.
  { path: '/invoices', label: 'nav.invoices', visible: (me) => !operator(me) && may(me, 'billing.read') },
  // R-CRD-1: orders through a provider's resellers held past their credit limit, for its billing admins to decide.
  {
    path: '/held-orders',
    label: 'nav.heldOrders',
    visible: (me, caps) => partner(me) && may(me, 'billing.read') && holds(caps, 'indirect_provider'),
  },
  { path: '/settings/program-info', label: 'nav.programInfo', visible: (me) => partner(me) && may(me, 'program.read') },
  { path: '/admin-grants', label: 'nav.grants', visible: (me) => (partner(me) || customer(me)) && may(me, 'grants.read') },
  { path: '/settings/profile', label: 'nav.profile', visible: () => true },
  { path: '/settings/users', label: 'nav.users', visible: (me) => may(me, 'users.read') },
  { path: '/settings/agreements', label: 'nav.agreements', visible: (me) => !operator(me) && may(me, 'agreements.read') },
  { path: '/settings/api-tokens', label: 'nav.apiTokens', visible: () => true },
  { path: '/settings/security', label: 'nav.security', visible: () => true },
];
