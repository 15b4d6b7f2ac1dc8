import { useProgramInfo } from '../../api/program';
import { can, useMe } from '../../api/session';
import { audiencesOf } from './rules';

/** What the pricing pages need of the signed-in partner: whom it prices, and whether it may change prices. */
export function usePricingAccess() {
  const me = useMe().data!;
  const program = useProgramInfo();
  const active = new Set((program.data?.capabilities ?? []).filter((c) => c.status === 'active').map((c) => c.capability));
  return { me, audiences: audiencesOf(active), manage: can(me, 'billing.manage'), pending: program.isPending };
}
