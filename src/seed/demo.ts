import { systemCtx, type Platform } from '../platform/context.ts';
import { createTenant, type NewTenant } from '../modules/tenants/service.ts';
import { operatorTenant } from '../modules/tenants/store.ts';

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

/** Seeds the demo on a database that has no operator yet; returns false when it was there. */
export async function seedDemo(platform: Platform): Promise<boolean> {
  const ctx = systemCtx(platform, 'seed');
  if (await operatorTenant(ctx)) return false;
  for (const t of demoTenants) {
    const { role: _role, ...tenant } = t;
    await createTenant(ctx, { ...tenant, admin: { ...tenant.admin, password: DEMO_PASSWORD } });
  }
  return true;
}

export function demoSignInTable(): string {
  const width = Math.max(...demoTenants.map((t) => t.admin.email.length));
  const lines = demoTenants.map((t) => `  ${t.admin.email.padEnd(width)}  ${t.name} (${t.role}, ${t.countryCode})`);
  return [`Demo users (password for all: ${DEMO_PASSWORD}):`, ...lines].join('\n');
}
