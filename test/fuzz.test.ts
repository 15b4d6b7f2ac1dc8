import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { TestTrellis, type Response } from './support/harness.ts';
import { newCustomer, ProgramFlow, type Api } from './support/program.ts';

/**
 * Requests generated from the OpenAPI document, malformed and at the boundaries of every
 * schema, sent by every kind of caller to every route: none may answer 5xx or show the
 * server's insides, and none that is refused may change a row.
 */

const RUNS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const BATCH = 10;

type Schema = Record<string, any>;
interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query'; required: boolean; schema: Schema }[];
  body?: Schema;
}
interface Sent {
  op: Operation;
  url: string;
  body: unknown;
  caller: string;
}

let t: TestTrellis;
let doc: { paths: Record<string, Record<string, any>>; components?: { schemas?: Record<string, Schema> } };
const callers: Record<string, string | undefined> = { anonymous: undefined };
/** Ids of real objects, so that generated paths reach handlers too, not only 404s. */
const realIds: string[] = [];

before(async () => {
  t = await TestTrellis.start();
  const operator = await t.operator();
  const flow = new ProgramFlow(t, operator.api);
  const provider = await flow.partnerIn('indirect_provider');
  const reseller = await flow.partnerIn('indirect_reseller');
  const direct = await flow.partnerIn('direct_bill');
  const partnershipId = await flow.partnerUp(provider, reseller);
  const customer = await newCustomer(direct.api);
  const customerCookie = await t.signIn(customer.email, customer.password);
  Object.assign(callers, {
    operator: operator.cookie,
    provider: provider.cookie,
    reseller: reseller.cookie,
    direct: direct.cookie,
    customer: customerCookie,
  });
  const me = (api: Api) => api.get('/v1/me').then((r) => r.body.user.id as string);
  realIds.push(
    provider.tenant.id,
    reseller.tenant.id,
    direct.tenant.id,
    customer.id,
    partnershipId,
    direct.enrollment.id,
    await me(direct.api),
    await me(operator.api),
  );
  doc = (await t.request('GET', '/openapi.json')).body;
});
after(() => t.close());

function resolve(schema: Schema): Schema {
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return resolve(doc.components?.schemas?.[name] ?? {});
  }
  return schema;
}

function operations(): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      // Signing out would leave the generated caller without a session for the rest of the run.
      if (method === 'delete' && path === '/v1/sessions/current') continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? []).filter((p: any) => p.in === 'path' || p.in === 'query'),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

const nastyStrings = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  "' OR 1=1 --",
  '%00',
  '%',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '\uD800',
  'x'.repeat(5_000),
  '😀'.repeat(300),
  'NaN',
  '-1',
  '1e309',
  'null',
  '{}',
  '00000000-0000-0000-0000-000000000000',
  'tra_' + 'A'.repeat(43),
  '=1+1',
);
const nastyValues: fc.Arbitrary<unknown> = fc.oneof(
  nastyStrings,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, [], {}, [null], { '': null }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer(),
);

function stringArb(s: Schema): fc.Arbitrary<string> {
  const lengths = [s.minLength, s.maxLength].filter((n): n is number => typeof n === 'number');
  const options: fc.Arbitrary<string>[] = [fc.string({ maxLength: 30 })];
  if (s.enum) options.push(fc.constantFrom(...(s.enum as string[])));
  if (s.format === 'uuid') options.push(fc.constantFrom(...realIds), fc.uuid());
  if (s.format === 'email') options.push(fc.emailAddress());
  if (s.format === 'date-time') options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  if (s.pattern) {
    try {
      options.push(fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 1_000)));
    } catch {
      // A pattern fast-check cannot generate from (lookaheads): the other strings still probe it.
    }
  }
  for (const n of lengths) options.push(fc.constantFrom('a'.repeat(Math.max(0, n - 1)), 'a'.repeat(n), 'a'.repeat(n + 1)));
  return fc.oneof(...options);
}

/** A value for a schema: mostly one that fits, often one at its edges or of the wrong shape. */
function fromSchema(raw: Schema, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(raw);
  let fitting: fc.Arbitrary<unknown>;
  if (s.anyOf || s.oneOf) fitting = fc.oneof(...(s.anyOf ?? s.oneOf).map((x: Schema) => fromSchema(x, depth + 1)));
  else if (s.enum) fitting = fc.constantFrom(...s.enum);
  else if (s.const !== undefined) fitting = fc.constant(s.const);
  else if (s.type === 'string') fitting = stringArb(s);
  else if (s.type === 'integer' || s.type === 'number') {
    const min = s.minimum ?? -1_000;
    const max = s.maximum ?? 1_000;
    fitting = fc.oneof(fc.integer({ min, max }), fc.constantFrom(min - 1, min, max, max + 1, 0.5));
  } else if (s.type === 'boolean') fitting = fc.boolean();
  else if (s.type === 'null') fitting = fc.constant(null);
  else if (s.type === 'array' && depth < 4) {
    fitting = fc.array(fromSchema(s.items ?? {}, depth + 1), { maxLength: Math.min((s.maxItems ?? 3) + 1, 6) });
  } else if ((s.type === 'object' || s.properties) && depth < 4) {
    const props = Object.entries((s.properties ?? {}) as Record<string, Schema>);
    const required = new Set<string>(s.required ?? []);
    fitting = fc
      .record(Object.fromEntries(props.map(([k, v]) => [k, fromSchema(v, depth + 1)])), {
        requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
      })
      .chain((obj) =>
        // Sometimes a required field goes missing, sometimes an unknown one comes along.
        fc.oneof(
          { weight: 4, arbitrary: fc.constant(obj) },
          { weight: 1, arbitrary: fc.constantFrom(...Object.keys(obj), '__proto__').map((k) => omit(obj, k)) },
          { weight: 1, arbitrary: nastyValues.map((v) => ({ ...obj, unexpected: v })) },
        ),
      );
  } else fitting = nastyValues;
  return fc.oneof({ weight: 3, arbitrary: fitting }, { weight: 1, arbitrary: nastyValues });
}

function omit(obj: Record<string, unknown>, key: string) {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function requestArb(ops: Operation[]): fc.Arbitrary<Sent> {
  // Each operation's arbitrary is built once: building one (a pattern's generator above all)
  // costs many times what drawing a value from it does.
  const perOp = ops.map((op) => operationArb(op));
  return fc
    .tuple(fc.constantFrom(...perOp.keys()), fc.constantFrom(...Object.keys(callers)))
    .chain(([i, caller]) => perOp[i]!.map((request) => ({ ...request, caller })));
}

function operationArb(op: Operation): fc.Arbitrary<Omit<Sent, 'caller'>> {
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  return fc
    .record({
      path: fc.tuple(...pathParams.map((p) => fromSchema(p.schema)), fc.constant(0)),
      query: fc.tuple(...queryParams.map((p) => fc.option(fromSchema(p.schema), { nil: undefined })), fc.constant(0)),
      body: op.body ? fromSchema(op.body) : fc.constant(undefined),
    })
    .map(({ path, query, body }) => {
      let url = op.path;
      pathParams.forEach((p, i) => (url = url.replace(`{${p.name}}`, encode(text(path[i])) || '%20')));
      const search = new URLSearchParams();
      queryParams.forEach((p, i) => query[i] !== undefined && search.append(p.name, text(query[i])));
      const qs = search.toString();
      return { op, url: qs ? `${url}?${qs}` : url, body };
    });
}

/** Percent-encodes, as a client would; a lone surrogate becomes the bytes a careless one sends. */
function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return encodeURIComponent(
      v.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
    ).replaceAll('%EF%BF%BD', '%ED%A0%80');
  }
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? '');
}

const COUNTERS_OF_REFUSALS = new Set(['sign_in_failures']);

/** A digest of every row of every table, to see that nothing changed. */
async function digest(): Promise<Map<string, string>> {
  const tables = (await t.db.execute<{ name: string }>(
    sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  )) as { rows: { name: string }[] };
  // A refused sign-in counts against its address by design (the per-account backoff): that
  // table is the one a refused request must change.
  const parts = tables.rows
    .filter((r) => !COUNTERS_OF_REFUSALS.has(r.name))
    .map(
      (r) => `SELECT '${r.name}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM "${r.name}" x`,
    );
  const result = (await t.db.execute<{ name: string; sum: string }>(sql.raw(parts.join(' UNION ALL ')))) as {
    rows: { name: string; sum: string }[];
  };
  return new Map(result.rows.map((r) => [r.name, r.sum]));
}

function assertClean(res: Response, sent: Sent): void {
  const where = `${sent.op.method} ${sent.url.slice(0, 200)} as ${sent.caller}: ${res.status} ${res.raw.slice(0, 500)}`;
  assert.ok(res.status < 500, where);
  if (res.status >= 400) {
    assert.match(String(res.headers['content-type']), /^application\/problem\+json/, where);
    assert.equal(typeof res.body.code, 'string', where);
  }
  assert.doesNotMatch(res.raw, /\bat .+\.(ts|js|mjs):\d+/, `a stack frame: ${where}`);
  assert.doesNotMatch(res.raw, /node_modules|\/work\/|\/src\/|\/home\//, `a file path: ${where}`);
  assert.doesNotMatch(res.raw, /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b.+\b(FROM|VALUES|SET|WHERE)\b/, `SQL: ${where}`);
  assert.doesNotMatch(res.raw, /duplicate key|violates|syntax error at|relation "/, `a database message: ${where}`);
}

describe('fuzzing from the OpenAPI document', () => {
  it(`${RUNS} generated requests across every route and caller: no 5xx, nothing of the server's insides, no row changed by a refused request`, async () => {
    const ops = operations();
    assert.ok(ops.length > 80, `only ${ops.length} operations in the document`);
    const statuses = new Map<number, number>();
    const reached = new Set<string>();
    let sent = 0;
    let cleanBatches = 0;
    const refusedIds: string[] = [];
    // Each batch's digest is the next one's starting point: one digest a batch.
    let before = await digest();
    const result = await fc.check(
      fc.asyncProperty(fc.array(requestArb(ops), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        let refusedOnly = true;
        for (const s of batch) {
          const res = await t.request(s.op.method, s.url, {
            cookie: callers[s.caller],
            ...(s.body !== undefined ? { body: s.body } : {}),
            ...(s.body !== undefined ? { headers: { 'content-type': 'application/json' } } : {}),
          });
          sent++;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 400) refusedIds.push(String(res.headers['x-request-id']));
          if (res.status < 400) {
            refusedOnly = false;
            reached.add(`${s.op.method} ${s.op.path}`);
          }
          assertClean(res, s);
        }
        const afterBatch = await digest();
        const start = before;
        before = afterBatch;
        if (refusedOnly) {
          cleanBatches++;
          for (const [table, sum] of start) {
            assert.equal(
              afterBatch.get(table),
              sum,
              `table ${table} changed in a batch of refused requests:\n${batch.map((s) => `${s.op.method} ${s.url.slice(0, 120)} as ${s.caller}`).join('\n')}`,
            );
          }
        }
      }),
      { numRuns: Math.ceil(RUNS / BATCH), endOnFailure: true },
    );
    // The failing request is in the assertion's message; the whole generated batch would drown it.
    if (result.failed) throw result.errorInstance;
    assert.ok(sent >= RUNS);
    // Every change writes an event in its transaction: a refused request must have written none.
    const recorded = (await t.db.execute<{ type: string; request_id: string }>(
      sql`SELECT type, request_id FROM events WHERE request_id = ANY(${`{${refusedIds.join(',')}}`}::text[])`,
    )) as { rows: { type: string; request_id: string }[] };
    assert.deepEqual(recorded.rows, [], 'events recorded by refused requests');
    console.log(
      `fuzz: ${sent} requests to ${ops.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}; ` +
        `${reached.size} operations answered 2xx; ${cleanBatches} batches of refused requests left every table as it was`,
    );
  });
});
