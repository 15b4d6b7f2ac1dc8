import type pg from 'pg';

/** The role requests and background work run as on PostgreSQL: no BYPASSRLS, bound by the policies. */
export const APP_ROLE = 'trellis_app';

/**
 * What one database handle may see under row-level security: every row (system mode: the
 * worker, timers, the operator, credential look-ups), or the rows of a set of tenants. An
 * empty scope sees no tenant row and can write none: that is the default, failing closed.
 */
export class DbScope {
  private readonly ids: Set<string>;
  private text: string | undefined;

  private constructor(
    readonly system: boolean,
    ids: Iterable<string>,
  ) {
    this.ids = new Set(ids);
  }

  static system(): DbScope {
    return new DbScope(true, []);
  }

  static tenants(ids: Iterable<string>): DbScope {
    return new DbScope(false, ids);
  }

  has(id: string): boolean {
    return this.system || this.ids.has(id);
  }

  /** Adds tenants; whether any was new. */
  add(ids: Iterable<string>): boolean {
    let changed = false;
    for (const id of ids) {
      if (this.ids.has(id)) continue;
      this.ids.add(id);
      changed = true;
    }
    if (changed) this.text = undefined;
    return changed;
  }

  /** The value of `trellis.tenant_ids`: the tenants, sorted, comma-separated. */
  get tenantIds(): string {
    return (this.text ??= [...this.ids].sort().join(','));
  }
}

/** The settings a connection last got, so an unchanged scope costs no round trip. */
const applied = Symbol('trellis.scope');
type Tagged = pg.PoolClient & { [applied]?: string };

/**
 * Gives a pooled connection the role and scope of the handle that took it. The settings are
 * the session's (not SET LOCAL): every checkout through a ScopedPool sets them again when
 * they differ, so no connection carries one handle's scope into another's queries. Inside a
 * transaction a scope is widened with SET LOCAL instead (see `widenScope`), which ends with it.
 */
async function apply(client: Tagged, scope: DbScope | null): Promise<void> {
  const role = scope ? APP_ROLE : 'none';
  const system = scope?.system ? 'on' : 'off';
  const tenants = scope && !scope.system ? scope.tenantIds : '';
  const key = `${role}|${system}|${tenants}`;
  if (client[applied] === key) return;
  client[applied] = undefined;
  await client.query(
    "SELECT set_config('role', $1, false), set_config('trellis.system', $2, false), set_config('trellis.tenant_ids', $3, false)",
    [role, system, tenants],
  );
  client[applied] = key;
}

/**
 * A view of the pool whose connections carry one scope (or, with `null`, the owner's own
 * role: migrations and pg-boss). Drizzle takes it for a pool (its name says Pool): queries
 * check a connection out and back in, transactions hold one.
 */
export class ScopedPool {
  constructor(
    private readonly pool: pg.Pool,
    readonly scope: DbScope | null,
  ) {}

  async connect(): Promise<pg.PoolClient> {
    const client = await this.pool.connect();
    try {
      await apply(client, this.scope);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    return client;
  }

  async query(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    const client = await this.connect();
    try {
      return await client.query(config as pg.QueryConfig, values);
    } finally {
      client.release();
    }
  }
}
