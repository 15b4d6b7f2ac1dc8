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
  code: string;
  detail: string;
}

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
