/** Delegated-admin grants (R-GRT-1, R-GRT-2): the shape of a grant, checked without I/O. */
export const GRANT_MIN_DAYS = 1;
export const GRANT_MAX_DAYS = 730;
export const AUTO_EXTENSION_DAYS = 180;

export interface GrantShape {
  roles: string[];
  days: number;
  autoExtend: boolean;
}

export interface GrantProblem {
  rule: `R-GRT-${number}`;
  code: 'unknown_admin_role' | 'no_admin_role' | 'grant_duration' | 'auto_extension_with_global_admin';
  detail: string;
}

/** The field of a grant's shape each problem is about: where a form shows it. */
export const problemField: Record<GrantProblem['code'], keyof GrantShape> = {
  unknown_admin_role: 'roles',
  no_admin_role: 'roles',
  grant_duration: 'days',
  auto_extension_with_global_admin: 'autoExtend',
};

/** What is wrong with a grant's shape against the operator's role catalog: nothing when empty. */
export function grantProblems(grant: GrantShape, catalog: readonly string[]): GrantProblem[] {
  const problems: GrantProblem[] = [];
  const unknown = grant.roles.filter((r) => !catalog.includes(r));
  if (unknown.length > 0)
    problems.push({
      rule: 'R-GRT-1',
      code: 'unknown_admin_role',
      detail: `Not in the operator's role catalog: ${unknown.join(', ')}.`,
    });
  if (grant.roles.length === 0)
    problems.push({ rule: 'R-GRT-1', code: 'no_admin_role', detail: 'A grant holds at least one admin role.' });
  if (!Number.isInteger(grant.days) || grant.days < GRANT_MIN_DAYS || grant.days > GRANT_MAX_DAYS) {
    problems.push({
      rule: 'R-GRT-1',
      code: 'grant_duration',
      detail: `A grant lasts ${GRANT_MIN_DAYS} to ${GRANT_MAX_DAYS} days.`,
    });
  }
  if (grant.autoExtend && grant.roles.includes('global_admin')) {
    problems.push({
      rule: 'R-GRT-2',
      code: 'auto_extension_with_global_admin',
      detail: 'A grant holding global admin does not extend itself.',
    });
  }
  return problems;
}

/** Why a grant ended before its end date. */
export type GrantEndReason = 'grantor' | 'relationship_ended' | 'partnership_ended';

/** What is left between a partner and a grantor once a relationship or partnership has ended. */
export interface GrantBasis {
  /** The roles of the partner's active relationships with the grantor (a customer). */
  relationshipRoles: readonly string[];
  /** Whether the partner is the grantor's provider in an active partnership (R-PRT-3). */
  partnership: boolean;
}

/**
 * Whether a grant still rests on something, by what made it: a reseller of record's default
 * (R-CUS-1) on a direct or indirect-reseller relationship, a provider's default (R-PRT-3) on
 * its partnership, a request on whatever let the partner ask for it (any relationship or
 * partnership). A grant nothing justifies any more ends with the relationship or partnership
 * that ended. So a direct-bill partner that moved a customer to indirect (R-TRN-9) keeps the
 * grant while its reseller relationship lasts, even once the direct one is removed.
 */
export function grantStillJustified(source: string, basis: GrantBasis): boolean {
  switch (source) {
    case 'resellerOfRecord':
      return basis.relationshipRoles.some((r) => r === 'direct_partner' || r === 'indirect_reseller');
    case 'providerOnReseller':
      return basis.partnership;
    default:
      return basis.partnership || basis.relationshipRoles.length > 0;
  }
}

/** Days before a grant's end when both sides are told (R-GRT-1); 0 is the notice that it ended. */
export const NOTICE_DAYS = [30, 7, 1] as const;
/** An auto-extending grant is extended this long before its end, so it never lapses while the timer runs late. */
export const EXTEND_AHEAD_MS = 86_400_000;

export interface NoticeState {
  endsAt: Date;
  roles: readonly string[];
  autoExtend: boolean;
  /** The last notice sent for the current end: 30, 7, 1, 0 (ended), or null (none yet). */
  lastNoticeDays: number | null;
}

/** Whether the grant extends itself by AUTO_EXTENSION_DAYS when due (R-GRT-2: never with global admin). */
export function extendsItself(g: Pick<NoticeState, 'roles' | 'autoExtend'>): boolean {
  return g.autoExtend && !g.roles.includes('global_admin');
}

/**
 * When the expiry timer next has something to do for a grant: extend it (auto-extending
 * grants, a day ahead), or send the next of the 30, 7 and 1-day notices and the end notice.
 * Null when nothing is left. The migration that added the column backfills with the same rule.
 */
export function nextGrantCheck(g: NoticeState): Date | null {
  const end = g.endsAt.getTime();
  if (extendsItself(g)) return new Date(end - EXTEND_AHEAD_MS);
  const last = g.lastNoticeDays ?? Number.POSITIVE_INFINITY;
  const next = NOTICE_DAYS.find((d) => d < last);
  if (next !== undefined) return new Date(end - next * 86_400_000);
  return last > 0 ? new Date(end) : null;
}

/**
 * The notice due now: the smallest threshold the remaining time has crossed, when it is
 * below the last one sent (a timer that ran late sends only the latest notice, not each).
 */
export function noticeDue(g: NoticeState, now: Date): number | null {
  const left = g.endsAt.getTime() - now.getTime();
  const last = g.lastNoticeDays ?? Number.POSITIVE_INFINITY;
  const crossed = [...NOTICE_DAYS, 0].filter((d) => left <= d * 86_400_000);
  const due = crossed.length > 0 ? Math.min(...crossed) : null;
  return due !== null && due < last ? due : null;
}
