import { eq, inArray, sql } from 'drizzle-orm';
import { clock } from '../../platform/clock.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { settings } from '../../platform/db/schema.ts';
import { recordEvent } from '../../platform/events/record.ts';

/** The operator's program settings, with their defaults. Later capabilities add theirs here. */
export interface OperatorSettings {
  /** Partner users must enrol a TOTP authenticator before they can do anything else. */
  requireMfaForPartnerUsers: boolean;
  /** Programs whose enrollments are approved as soon as the primary contact confirms (R-ENR-3). */
  autoApprove: { direct_bill: boolean; indirect_provider: boolean; indirect_reseller: boolean };
  /** From this time, a partner must have accepted the current partner agreement to transact (R-AGR-1). */
  partnerAgreementEnforcedFrom: string | null;
  /** Business days the operator has to decide a transition enrollment (R-TRN-2). */
  transitionReviewBusinessDays: number;
  /** Days, as YYYY-MM-DD, that are not business days. */
  holidays: string[];
  /** Days after the transition that the indirect reseller incentive invitation is sent, at most 30 (R-TRN-7). */
  incentiveInvitationAfterDays: number;
  /** Days a partnership invitation or relationship request link stays valid, at most 30. */
  linkExpiryDays: number;
  /** The admin roles a grant may hold (R-GRT-1). */
  adminRoleCatalog: string[];
  /**
   * What a new relationship gives its reseller of record (R-CUS-1), by the partner's type:
   * `resellerOfRecord` for direct-bill partners, and for indirect resellers unless
   * `indirectReseller` is set; and what a partnership gives the provider (R-PRT-3).
   */
  defaultGrants: {
    resellerOfRecord: DefaultGrant;
    indirectReseller?: DefaultGrant | undefined;
    providerOnReseller: DefaultGrant;
  };
}

export interface DefaultGrant {
  roles: string[];
  days: number;
  autoExtend: boolean;
}

export const defaultSettings: OperatorSettings = {
  requireMfaForPartnerUsers: false,
  autoApprove: { direct_bill: false, indirect_provider: false, indirect_reseller: false },
  partnerAgreementEnforcedFrom: null,
  transitionReviewBusinessDays: 5,
  holidays: [],
  incentiveInvitationAfterDays: 14,
  linkExpiryDays: 7,
  adminRoleCatalog: ['directory_reader', 'user_admin', 'license_admin', 'helpdesk_admin', 'global_reader', 'global_admin'],
  defaultGrants: {
    resellerOfRecord: { roles: ['user_admin', 'license_admin', 'helpdesk_admin'], days: 730, autoExtend: true },
    providerOnReseller: { roles: ['global_reader', 'license_admin'], days: 730, autoExtend: true },
  },
};

type Key = keyof OperatorSettings;

export async function getSettings(ctx: Ctx): Promise<OperatorSettings> {
  const rows = await ctx.db.select().from(settings);
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const result = { ...defaultSettings };
  for (const key of Object.keys(defaultSettings) as Key[]) {
    if (key in stored) (result as Record<Key, unknown>)[key] = stored[key];
  }
  return result;
}

export async function getSetting<K extends Key>(ctx: Ctx, key: K): Promise<OperatorSettings[K]> {
  const [row] = await ctx.db.select().from(settings).where(eq(settings.key, key));
  return row ? (row.value as OperatorSettings[K]) : defaultSettings[key];
}

export async function updateSettings(ctx: Ctx, patch: Partial<OperatorSettings>): Promise<OperatorSettings> {
  return inTransaction(ctx, async (tx) => {
    const before = await getSettings(tx);
    const keys = Object.keys(patch) as Key[];
    if (keys.length === 0) return before;
    const now = clock.now();
    await tx.db.delete(settings).where(inArray(settings.key, keys));
    // A setting set to null (partnerAgreementEnforcedFrom: not enforced) is stored as JSON null:
    // a plain null would be SQL NULL, which the column refuses.
    await tx.db
      .insert(settings)
      .values(
        keys.map((key) => ({ key, value: patch[key] === null ? sql`'null'::jsonb` : (patch[key] as unknown), updatedAt: now })),
      );
    const after = { ...before, ...patch };
    await recordEvent(tx, {
      type: 'settings.updated',
      tenantId: tx.actor?.tenantId ?? null,
      subjectType: 'settings',
      subjectId: 'operator',
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(keys.map((k) => [k, after[k]])),
    });
    return after;
  });
}
