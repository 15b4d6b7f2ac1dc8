import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from './errors.ts';
import { Paginator } from './pagination.ts';

describe('keyset pagination', () => {
  const paginator = new Paginator('test-secret');
  const rows = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
  const fetch = async (after: (string | number)[] | undefined, take: number) =>
    rows.filter((r) => after === undefined || r.id > Number(after[0])).slice(0, take);

  it('walks every row once, page by page, and ends with a null cursor', async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await paginator.page('rows', { limit: 3, cursor }, fetch, (r) => [r.id]);
      seen.push(...page.items.map((r) => r.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    assert.deepEqual(seen, [1, 2, 3, 4, 5, 6, 7]);
  });

  it('an exactly full last page has no next cursor', async () => {
    const page = await paginator.page('rows', { limit: 7 }, fetch, (r) => [r.id]);
    assert.equal(page.items.length, 7);
    assert.equal(page.nextCursor, null);
  });

  it('refuses tampered cursors, cursors of another list and garbage with 400', async () => {
    const { nextCursor } = await paginator.page('rows', { limit: 2 }, fetch, (r) => [r.id]);
    const [payload, mac] = nextCursor!.split('.');
    const forged = `${Buffer.from(JSON.stringify([0])).toString('base64url')}.${mac}`;
    for (const bad of [forged, `${payload}.x${mac}`, 'garbage', '.', nextCursor!.slice(0, -2)]) {
      await assert.rejects(
        paginator.page('rows', { limit: 2, cursor: bad }, fetch, (r) => [r.id]),
        (e: unknown) => e instanceof AppError && e.status === 400,
      );
    }
    await assert.rejects(
      paginator.page('other-list', { limit: 2, cursor: nextCursor! }, fetch, (r) => [r.id]),
      AppError,
    );
  });

  it('a cursor made with another secret is refused', async () => {
    const { nextCursor } = await new Paginator('another').page('rows', { limit: 2 }, fetch, (r) => [r.id]);
    await assert.rejects(
      paginator.page('rows', { limit: 2, cursor: nextCursor! }, fetch, (r) => [r.id]),
      AppError,
    );
  });
});
