import type pg from 'pg';

/**
 * Server-side prepared statements for every parameterized statement (issue 9, the cost of
 * row-level security): PostgreSQL parses, rewrites (adding the policies' conditions) and plans a
 * statement on every unnamed execution, 1 to 3.5 ms for the statements under the policies, which
 * is most of a short request's database time. Naming a statement makes node-postgres parse it
 * once per connection and send only Bind/Execute after; after five executions PostgreSQL keeps
 * a generic plan when it costs no more than the custom ones, and planning stops too.
 *
 * Why it is safe here:
 * - node-postgres sends no parameter types (Drizzle's `types` are result parsers), so PostgreSQL
 *   infers them from the text alone, as it does for an unnamed statement: the same text always
 *   gets the same parameter types, and a statement is named after its text, per connection.
 * - The policies read the tenant from a setting through `(SELECT trellis_tenant_ids())`, a STABLE
 *   function in an InitPlan: a plan, generic or custom, evaluates it at each execution, never at
 *   planning. The role a connection runs as is in its plans: PostgreSQL plans again when the
 *   role (or `row_security`) differs from the one a plan was made for.
 * - Prepared statements belong to a server session: this assumes each pooled connection is its
 *   own session (no transaction-pooling PgBouncer-style pooler between Trellis and PostgreSQL,
 *   which would hand a statement's name to a session that never parsed it).
 * - Memory stays bounded: texts are open-ended (an IN list of each length is its own text), so a
 *   connection keeps at most `capacity` statements, the least recently used deallocated first.
 */
export interface PrepareOptions {
  /** Statements kept per connection (0: none prepared). */
  capacity: number;
}

/** What node-postgres keeps of the statements a connection parsed (not in its types). */
interface Internals {
  connection?: { parsedStatements?: Record<string, string>; submittedNamedStatements?: Record<string, string> };
}

type Query = (...args: unknown[]) => unknown;

/**
 * Makes `client` name its parameterized statements, so that PostgreSQL prepares each once on
 * this connection. Statements that already have a name, streaming queries (cursors: they bring
 * their own protocol), statements without parameters (the simple protocol, which also runs
 * several statements at once) and callback-style calls pass as they are.
 */
export function autoPrepare(client: pg.ClientBase, options: PrepareOptions): void {
  if (options.capacity <= 0) return;
  const query = client.query.bind(client) as Query;
  const internals = (client as Internals).connection;
  /** Statement text → its name on this connection, least recently used first. */
  const names = new Map<string, string>();
  /** Names dropped from `names` and still to deallocate. */
  let stale: string[] = [];
  let next = 0;

  const named = (text: string): string => {
    let name = names.get(text);
    if (name !== undefined) {
      names.delete(text); // most recently used: to the end
    } else {
      // A fresh name each time a text comes back after being dropped: a name is never reused.
      name = `trellis_${(next++).toString(36)}`;
    }
    names.set(text, name);
    while (names.size > options.capacity) {
      const [oldest, dropped] = names.entries().next().value as [string, string];
      names.delete(oldest);
      stale.push(dropped);
    }
    return name;
  };

  /**
   * Deallocates the dropped statements, one round trip each, before the statement that made
   * room. Only outside a transaction: DEALLOCATE is not transactional, but a refused one would
   * fail the caller's transaction; inside one, the connection keeps a few more statements until
   * its end.
   */
  const deallocate = async () => {
    const dropping = stale;
    stale = [];
    for (const name of dropping) {
      const parsed = internals?.parsedStatements;
      // Never parsed (its Parse was refused): nothing on the server to drop.
      if (parsed && parsed[name] === undefined && internals?.submittedNamedStatements?.[name] === undefined) continue;
      try {
        await query(`DEALLOCATE ${name}`);
        if (parsed) delete parsed[name];
      } catch (err) {
        if ((err as { code?: string }).code !== '26000') stale.push(name);
        else if (parsed) delete parsed[name];
      }
    }
  };

  const run = (config: object, values: unknown) => {
    if (stale.length > 0 && client.getTransactionStatus() === 'I') {
      return deallocate().then(() => query(config, values));
    }
    return query(config, values);
  };

  (client as unknown as { query: Query }).query = (config: unknown, values?: unknown, callback?: unknown) => {
    if (callback === undefined && typeof values !== 'function') {
      if (typeof config === 'string') {
        if (Array.isArray(values) && values.length > 0) return run({ text: config, name: named(config) }, values);
      } else if (config !== null && typeof config === 'object') {
        const c = config as { text?: unknown; name?: unknown; values?: unknown; submit?: unknown };
        const params = Array.isArray(values) ? values : c.values;
        if (
          typeof c.submit !== 'function' &&
          !c.name &&
          typeof c.text === 'string' &&
          Array.isArray(params) &&
          params.length > 0
        ) {
          // A copy: Drizzle hands the same config object to every execution of a query.
          return run({ ...c, name: named(c.text) }, values);
        }
      }
    }
    return query(config, values, callback);
  };
}
