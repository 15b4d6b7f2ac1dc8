/**
 * Bulk moves (R-TRN-9): requests sent per second by the job, for N direct-bill customers of
 * one reseller moving to a provider, on PGlite and on PostgreSQL.
 *
 *   node --import tsx bench/bulk-move.ts     PGlite, then PostgreSQL when it answers
 *                                            (BENCH_DATABASE_URL, default the local test server)
 *   BENCH_CUSTOMERS=5000 ...                 N (default 2,000)
 *
 * The program set-up goes through the API; the N customers are made through the tenants and
 * customers services with invited admins activated in SQL, since hashing N temporary passwords
 * (argon2, about 50 ms each) would take longer than the move measured.
 */
import { inArray } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { ensureAccount, establishRelationships } from '../src/modules/customers/service.ts';
import { createTenant } from '../src/modules/tenants/service.ts';
import { runBulkMoves } from '../src/modules/bulk-moves/runner.ts';
import { inTransaction, systemCtx } from '../src/platform/context.ts';
import { users } from '../src/platform/db/schema.ts';
import { TestTrellis } from '../test/support/harness.ts';
import { ProgramFlow } from '../test/support/program.ts';
import { benchPgUrl, pgAnswers } from './postgres.ts';

const N = Number(process.env.BENCH_CUSTOMERS ?? 2000);

async function measure(label: string) {
  const t = await TestTrellis.start({ config: { logLevel: 'silent' } });
  try {
    const flow = new ProgramFlow(t, (await t.operator()).api);
    const provider = await flow.partnerIn('indirect_provider');
    const partner = await flow.partnerIn('direct_bill');
    const ctx = systemCtx(t.platform, 'bench');
    const setUp = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const tag = randomBytes(6).toString('hex');
      await inTransaction(ctx, async (tx) => {
        const { tenant } = await createTenant(tx, {
          kind: 'customer',
          name: `Bench ${tag}`,
          countryCode: 'US',
          admin: { email: `admin@bench-${tag}.example`, name: 'Admin' },
        });
        await ensureAccount(tx, tenant.id, `bench-${tag}.example`);
        await establishRelationships(tx, tenant.id, [{ partnerId: partner.tenant.id, role: 'direct_partner', resellerId: null }]);
        ids.push(tenant.id);
      });
    }
    for (let i = 0; i < ids.length; i += 1000) {
      await t.db
        .update(users)
        .set({ status: 'active' })
        .where(inArray(users.tenantId, ids.slice(i, i + 1000)));
    }
    const setUpSeconds = (Date.now() - setUp) / 1000;
    await flow.moveToIndirect(partner);
    await flow.partnerUp(provider, partner);

    const started = await partner.api.post('/v1/bulk-moves', {
      providerId: provider.tenant.id,
      customerIds: ids,
      perMinute: 10_000,
    });
    if (started.status !== 202) throw new Error(`bulk move refused: ${started.raw}`);
    const moveId = (started.body as { id: string }).id;
    const t0 = Date.now();
    const signal = new AbortController().signal;
    // The job as the worker runs it, without the pacing sleeps: what one process sends at most.
    for (;;) {
      await runBulkMoves(ctx, signal);
      const move = (await partner.api.get(`/v1/bulk-moves/${moveId}`)).body as { status: string; sent: number };
      if (move.status !== 'queued' && move.status !== 'running') {
        const seconds = (Date.now() - t0) / 1000;
        if (move.sent !== N) throw new Error(`only ${move.sent} of ${N} sent: ${JSON.stringify(move)}`);
        return { label, setUpSeconds, seconds, perSecond: N / seconds };
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    await t.close();
  }
}

// TestTrellis picks PostgreSQL when DATABASE_URL is set: PGlite first, without it.
delete process.env.DATABASE_URL;
const results = [await measure('PGlite')];
if (await pgAnswers()) {
  process.env.DATABASE_URL = benchPgUrl;
  results.push(await measure('PostgreSQL'));
}
console.log(`\nBulk move of ${N} direct-bill customers to a provider (the job, pacing sleeps aside)\n`);
console.log('database    | set-up s | move s | requests/s');
console.log('------------|----------|--------|-----------');
for (const r of results) {
  console.log(
    `${r.label.padEnd(11)} | ${r.setUpSeconds.toFixed(1).padStart(8)} | ${r.seconds.toFixed(1).padStart(6)} | ${r.perSecond.toFixed(0).padStart(10)}`,
  );
}
