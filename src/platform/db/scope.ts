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

/**
 * One request's connection: taken from the pool at its first query, kept (its scope set once)
 * for the rest, and handed back when the request ends. Each query of a request checking its
 * own connection out would pay a round trip to set the scope on most of them, as connections
 * pass between tenants; holding one pays it once. Drizzle takes it for a pool (its name says
 * so). A connection runs one statement at a time: the request's queries take turns, and a
 * transaction holds it until it ends; a query made outside the transaction while it runs
 * (queries of a request in parallel with its transaction) takes a connection of its own rather
 * than slip into the transaction or wait for it. After the end, a late query (a request whose
 * client went away while it still ran) checks a connection out for itself.
 */
export class RequestPool {
  private client: Promise<pg.PoolClient> | undefined;
  /** The turn of the last user of the connection: the next waits for it. */
  private turn: Promise<void> = Promise.resolve();
  private holds = 0;
  private inTransaction = false;
  private ended = false;
  private readonly fallback: ScopedPool;
  private initial: string;
  /**
   * The first statement finds the caller (`trellis_principal`) and sets the connection's
   * tenant itself: until `settled`, a connection already in the server's role is taken as it
   * is, whichever tenant it last served.
   */
  private lookingUp: boolean;

  constructor(
    private readonly pool: pg.Pool,
    readonly scope: DbScope,
    options: { lookupFirst?: boolean } = {},
  ) {
    this.fallback = new ScopedPool(pool, scope);
    this.initial = scope.tenantIds;
    this.lookingUp = options.lookupFirst ?? false;
  }

  private async pinned(): Promise<pg.PoolClient> {
    this.client ??= this.pool.connect();
    const client = await this.client;
    if (this.lookingUp && (client as Tagged)[applied]?.startsWith(`${APP_ROLE}|off|`)) return client;
    await apply(client, this.scope);
    return client;
  }

  /**
   * The lookup is over: it left the connection scoped to `tenantIds` (the caller's tenant, or
   * '' when no caller was found), which the scope now says too.
   */
  async settled(tenantIds: string): Promise<void> {
    if (!this.lookingUp) return;
    this.lookingUp = false;
    this.initial = this.scope.tenantIds;
    const client = this.client && !this.ended ? await this.client : undefined;
    if (client) (client as Tagged)[applied] = `${APP_ROLE}|off|${tenantIds}`;
  }

  /** Waits for the connection's turn; returns the function that passes it on. */
  private async take(): Promise<() => void> {
    let pass!: () => void;
    const previous = this.turn;
    this.turn = new Promise((done) => (pass = done));
    this.holds++;
    await previous;
    return () => {
      pass();
      this.let();
    };
  }

  async connect(): Promise<pg.PoolClient> {
    if (this.ended || this.inTransaction) return this.fallback.connect();
    const done = await this.take();
    let client: pg.PoolClient;
    try {
      client = await this.pinned();
    } catch (err) {
      done();
      throw err;
    }
    this.inTransaction = true;
    let released = false;
    // The transaction's view of the request's connection: releasing it ends the hold only.
    return Object.assign(Object.create(client) as pg.PoolClient, {
      query: client.query.bind(client),
      release: () => {
        if (released) return;
        released = true;
        this.inTransaction = false;
        done();
      },
    });
  }

  async query(config: string | pg.QueryConfig, values?: unknown[]): Promise<pg.QueryResult> {
    if (this.ended || this.inTransaction) return this.fallback.query(config, values);
    const done = await this.take();
    try {
      const client = await this.pinned();
      return await client.query(config as pg.QueryConfig, values);
    } finally {
      done();
    }
  }

  /** The request is over: the connection goes back once nothing holds it. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.holds === 0) void this.giveBack();
  }

  private let(): void {
    this.holds--;
    if (this.ended && this.holds === 0) void this.giveBack();
  }

  private async giveBack(): Promise<void> {
    const pending = this.client;
    this.client = undefined;
    if (!pending) return;
    let client: pg.PoolClient;
    try {
      client = await pending;
    } catch {
      return; // never connected: nothing to give back
    }
    // A scope widened in a transaction that rolled back may have been undone with it: the
    // next user sets it again rather than trust the label.
    if (this.scope.tenantIds !== this.initial) (client as Tagged)[applied] = undefined;
    client.release();
  }
}
