import { clock } from '../../platform/clock.ts';
import { inTransaction, type Ctx } from '../../platform/context.ts';
import { recordEvent } from '../../platform/events/record.ts';
import { problems } from '../../platform/http/errors.ts';
import type { EventHandlers } from '../../platform/events/dispatch.ts';
import { holdsActive, requirePartner } from '../partners/service.ts';
import { getTenant } from '../tenants/service.ts';
import { entryOf, setProviderActive, upsertEntry, type EntryRow, type Offer } from './store.ts';

export function publicEntry(e: EntryRow) {
  return {
    providerId: e.tenantId,
    name: e.name,
    countryCode: e.countryCode,
    market: e.market,
    description: e.description,
    offers: e.offers,
    website: e.website,
    contactEmail: e.contactEmail,
    listed: e.listed,
    updatedAt: e.updatedAt.toISOString(),
  };
}

export interface EntryInput {
  description: string;
  offers: Offer[];
  website?: string | null | undefined;
  contactEmail: string;
  listed: boolean;
}

/** A provider keeps its own directory entry (R-DIR-1). */
export async function putEntry(ctx: Ctx, input: EntryInput): Promise<EntryRow> {
  const actor = requirePartner(ctx);
  if (!(await holdsActive(ctx, actor.tenantId, 'indirect_provider'))) {
    throw problems.forbidden(
      'The directory lists official indirect providers: an active indirect provider capability is needed.',
      { rule: 'R-DIR-1' },
    );
  }
  return inTransaction(ctx, async (tx) => {
    const tenant = await getTenant(tx, actor.tenantId);
    const before = await entryOf(tx, tenant.id);
    const after = await upsertEntry(tx, {
      tenantId: tenant.id,
      name: tenant.name,
      countryCode: tenant.countryCode,
      market: tenant.market ?? 'unknown',
      description: input.description,
      offers: [...new Set(input.offers)],
      website: input.website ?? null,
      contactEmail: input.contactEmail.toLowerCase(),
      listed: input.listed,
      providerActive: true,
      updatedAt: clock.now(),
    });
    await recordEvent(tx, {
      type: 'directory.entry_updated',
      tenantId: tenant.id,
      subjectType: 'directory_entry',
      subjectId: tenant.id,
      before: before ?? null,
      after,
    });
    return after;
  });
}

export async function getEntry(ctx: Ctx): Promise<EntryRow> {
  const actor = requirePartner(ctx);
  const entry = await entryOf(ctx, actor.tenantId);
  if (!entry) throw problems.notFound('directory entry');
  return entry;
}

/** A provider whose capability ends leaves the directory; one that returns comes back. */
export const directoryEventHandlers: EventHandlers = {
  'partner.capability_activated': [
    async (ctx, event) => {
      if (event.subjectId.endsWith(':indirect_provider')) await setProviderActive(ctx, event.tenantId!, true);
    },
  ],
  'partner.capability_removed': [
    async (ctx, event) => {
      if (event.subjectId.endsWith(':indirect_provider')) await setProviderActive(ctx, event.tenantId!, false);
    },
  ],
};
