import type { Me } from '../api/session';

/** One entry of the side menu: shown to those whose tenant and permissions fit it. */
export interface NavEntry {
  path: string;
  /** Key in the `common` namespace (`nav.*`). */
  label: string;
  visible(me: Me): boolean;
}

const partner = (me: Me) => me.tenant.kind === 'partner';
const customer = (me: Me) => me.tenant.kind === 'customer';
const operator = (me: Me) => me.tenant.kind === 'operator';
const may = (me: Me, permission: string) => me.permissions.includes(permission);

/** The menu, in the order the seeds' portal shows it. Pages add their entry here. */
export const navigation: NavEntry[] = [
  { path: '/', label: 'nav.overview', visible: () => true },
  { path: '/operator/enrollments', label: 'nav.reviews', visible: (me) => operator(me) },
  { path: '/mailbox', label: 'nav.mailbox', visible: () => false },
  { path: '/settings/program-info', label: 'nav.programInfo', visible: (me) => partner(me) && may(me, 'program.read') },
  { path: '/admin-grants', label: 'nav.grants', visible: (me) => (partner(me) || customer(me)) && may(me, 'grants.read') },
  { path: '/settings/api-tokens', label: 'nav.apiTokens', visible: () => true },
];
