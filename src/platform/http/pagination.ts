import { Type, type Static, type TSchema } from 'typebox';
import { hmac, safeEqual } from '../secrets.ts';
import { problems } from './errors.ts';

/** `?limit=&cursor=`, shared by every list. */
export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50, description: 'Items per page, 1 to 500.' }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'The nextCursor of the previous page.' })),
});
export type PageQuery = Static<typeof PageQuery>;

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Null on the last page.' }),
  });

export type Key = (string | number)[];

/**
 * Keyset pages with opaque cursors: a cursor is the last row's sort key, signed so that
 * a client can neither forge one nor carry one from one list to another.
 */
export class Paginator {
  constructor(private readonly secret: string) {}

  decode(scope: string, cursor: string | undefined): Key | undefined {
    if (cursor === undefined) return undefined;
    const [payload, mac] = cursor.split('.');
    if (!payload || !mac || !safeEqual(mac, hmac(this.secret, `${scope}:${payload}`))) throw invalidCursor();
    try {
      const key = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
      if (!Array.isArray(key) || !key.every((k) => typeof k === 'string' || typeof k === 'number')) throw invalidCursor();
      return key;
    } catch {
      throw invalidCursor();
    }
  }

  encode(scope: string, key: Key): string {
    const payload = Buffer.from(JSON.stringify(key)).toString('base64url');
    return `${payload}.${hmac(this.secret, `${scope}:${payload}`)}`;
  }

  /**
   * Runs `fetch` for one more row than the page holds, to know whether another page follows.
   * `fetch(after, take)` must return rows in key order strictly after `after`.
   */
  async page<Row, Item = Row>(
    scope: string,
    query: { limit: number; cursor?: string | undefined },
    fetch: (after: Key | undefined, take: number) => Promise<Row[]>,
    keyOf: (row: Row) => Key,
    toItem: (row: Row) => Item = (row) => row as unknown as Item,
  ): Promise<{ items: Item[]; nextCursor: string | null }> {
    const after = this.decode(scope, query.cursor);
    const rows = await fetch(after, query.limit + 1);
    const more = rows.length > query.limit;
    const pageRows = more ? rows.slice(0, query.limit) : rows;
    const last = pageRows.at(-1);
    return {
      items: pageRows.map(toItem),
      nextCursor: more && last !== undefined ? this.encode(scope, keyOf(last)) : null,
    };
  }
}

function invalidCursor() {
  return problems.invalid('The cursor is malformed or belongs to another list; start again without one.', [
    { in: 'query', path: '/cursor', message: 'malformed cursor' },
  ]);
}
