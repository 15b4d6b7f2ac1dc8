import { AUTO_EXTENSION_DAYS, EXTEND_AHEAD_MS, extendsItself, nextGrantCheck, noticeDue } from '../../domain/grants.ts';
import { clock, DAY_MS } from '../../platform/clock.ts';
import type { Ctx } from '../../platform/context.ts';
import { eachDue } from '../../platform/jobs/due.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { enqueueMailTo, type Recipient } from '../../platform/mail/outbox.ts';
import { getTenant } from '../tenants/service.ts';
import { usersWithRoles } from '../users/service.ts';
import { dueGrants, lockDueGrant, updateGrant, type DueKey, type GrantRow } from './store.ts';

/** Who hears about a grant: the grantor's global admins, and the partner's admins. */
export const GRANTOR_READERS = ['global_admin'];
export const GRANTEE_READERS = ['global_admin', 'admin_agent'];

export const mailTime = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
export const grantsUrl = (ctx: Ctx) => `${ctx.platform.config.publicUrl}/admin-grants`;

interface Reader {
  user: Recipient;
  side: 'grantor' | 'grantee';
  otherName: string;
}

/** A tenant's name and readers, looked up once per run: a partner holds grants on many tenants. */
function directory() {
  const names = new Map<string, Promise<string>>();
  const readers = new Map<string, Promise<Recipient[]>>();
  const once = <T>(map: Map<string, Promise<T>>, id: string, load: () => Promise<T>): Promise<T> => {
    const known = map.get(id);
    if (known) return known;
    const loading = load().catch((err: unknown) => {
      map.delete(id); // a failed look-up is retried by the next grant
      throw err;
    });
    map.set(id, loading);
    return loading;
  };
  return {
    name: (ctx: Ctx, id: string) => once(names, id, async () => (await getTenant(ctx, id)).name),
    readers: (ctx: Ctx, id: string, roles: string[]) =>
      once(readers, `${id}:${roles.join(',')}`, () => usersWithRoles(ctx, id, roles)),
  };
}
type Directory = ReturnType<typeof directory>;

async function readersOf(ctx: Ctx, g: GrantRow, dir: Directory): Promise<Reader[]> {
  // One after another: a transaction's queries share one connection.
  const grantorName = await dir.name(ctx, g.grantorId);
  const granteeName = await dir.name(ctx, g.granteeId);
  const grantor = await dir.readers(ctx, g.grantorId, GRANTOR_READERS);
  const grantee = await dir.readers(ctx, g.granteeId, GRANTEE_READERS);
  return [
    ...grantor.map((user) => ({ user, side: 'grantor' as const, otherName: granteeName })),
    ...grantee.map((user) => ({ user, side: 'grantee' as const, otherName: grantorName })),
  ];
}

/** Records the change on both tenants' trails; the event id per tenant, to tie each mail to it. */
async function recordOnBoth(tx: Ctx, type: string, before: GrantRow, after: GrantRow): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const tenantId of [after.grantorId, after.granteeId]) {
    ids.set(tenantId, await recordEvent(tx, { type, tenantId, subjectType: 'admin_grant', subjectId: after.id, before, after }));
  }
  return ids;
}

/** R-GRT-2: moves the end AUTO_EXTENSION_DAYS on, and starts the schedule over for the new end. */
async function extend(tx: Ctx, g: GrantRow, now: Date, dir: Directory): Promise<void> {
  if (now.getTime() < g.endsAt.getTime() - EXTEND_AHEAD_MS) {
    await updateGrant(tx, g.id, { nextNoticeAt: nextGrantCheck(g) }); // ran early, or the schedule was stale
    return;
  }
  const endsAt = new Date(g.endsAt.getTime() + AUTO_EXTENSION_DAYS * DAY_MS);
  const after = await updateGrant(tx, g.id, {
    endsAt,
    lastNoticeDays: null,
    nextNoticeAt: nextGrantCheck({ ...g, endsAt, lastNoticeDays: null }),
    updatedAt: clock.now(),
  });
  const events = await recordOnBoth(tx, 'admin_grant.extended', g, after);
  for (const r of await readersOf(tx, g, dir)) {
    const data = { name: r.user.name, side: r.side, otherName: r.otherName, roles: g.roles.join(', ') };
    const more = { endsAt: mailTime(endsAt), days: AUTO_EXTENSION_DAYS, url: grantsUrl(tx) };
    await enqueueMailTo(tx, r.user, 'adminGrantExtended', { ...data, ...more }, events.get(r.user.tenantId));
  }
}

/** R-GRT-1: the 30, 7 or 1-day notice, or the end notice; only the latest when the timer ran late. */
async function notify(tx: Ctx, g: GrantRow, now: Date, dir: Directory): Promise<void> {
  const days = noticeDue(g, now);
  const lastNoticeDays = days ?? g.lastNoticeDays;
  // A grant past its end no longer extends itself (R-GRT-3: it stopped access): its schedule is the notices'.
  const nextNoticeAt = nextGrantCheck({ ...g, autoExtend: false, lastNoticeDays });
  const after = await updateGrant(tx, g.id, { lastNoticeDays, nextNoticeAt });
  if (days === null) return; // ran early, or the schedule was stale: only the next check moves
  const events = await recordOnBoth(tx, days === 0 ? 'admin_grant.expired' : 'admin_grant.expiry_notice', g, after);
  for (const r of await readersOf(tx, g, dir)) {
    const data = { name: r.user.name, side: r.side, otherName: r.otherName, roles: g.roles.join(', ') };
    const eventId = events.get(r.user.tenantId);
    const more = { endsAt: mailTime(g.endsAt), url: grantsUrl(tx) };
    if (days === 0) await enqueueMailTo(tx, r.user, 'adminGrantExpired', { ...data, ...more }, eventId);
    else await enqueueMailTo(tx, r.user, 'adminGrantExpiring', { ...data, ...more, days }, eventId);
  }
}

/**
 * Grant expiry on the clock module (R-GRT-1, R-GRT-2), run by the worker every minute and by
 * tests after moving the clock. Due grants are read in batches along the partial index, each
 * handled in its own transaction under a row lock (SKIP LOCKED: two workers never both send).
 * A handled grant's next check is after `now`, so one pass over the due range is enough; a
 * grant that fails stays due for the next run and does not hold the others back.
 */
export async function grantTimers(ctx: Ctx): Promise<number> {
  const now = clock.now();
  const dir = directory();
  return eachDue(
    ctx,
    'Grant expiry',
    (after: DueKey | undefined, take) => dueGrants(ctx, now, after, take),
    async (tx, id) => {
      const g = await lockDueGrant(tx, id, now);
      if (!g) return false; // another worker has it, or it has just been handled or ended
      if (extendsItself(g) && now < g.endsAt) await extend(tx, g, now, dir);
      else await notify(tx, g, now, dir);
      return true;
    },
  );
}
