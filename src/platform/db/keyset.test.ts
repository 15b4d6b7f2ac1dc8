import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterCreatedAndId, afterKey } from './keyset.ts';
import { users } from './schema.ts';

const render = (condition: ReturnType<typeof afterKey>) => new PgDialect().sqlToQuery(condition!);

describe('keyset bounds', () => {
  it('are one row-value comparison, which an index on the key seeks to, in the order asked', () => {
    const at = '2026-01-02T03:04:05.000Z';
    const desc = render(afterCreatedAndId(users.createdAt, users.id, [at, 'b1d5c0de-0000-4000-8000-000000000000'], 'desc'));
    assert.equal(desc.sql, '("users"."created_at", "users"."id") < ($1, $2)');
    assert.deepEqual(desc.params, [at, 'b1d5c0de-0000-4000-8000-000000000000']);
    assert.equal(
      render(afterKey([users.email, users.id], ['a@example.com', 'x'], 'asc')).sql,
      '("users"."email", "users"."id") > ($1, $2)',
    );
  });

  it('are no condition on the first page, and refuse a key of another length', () => {
    assert.equal(afterCreatedAndId(users.createdAt, users.id, undefined, 'asc'), undefined);
    assert.throws(() => afterKey([users.createdAt, users.id], ['2026-01-01T00:00:00Z'], 'asc'), /a key of 2 values/);
  });
});
