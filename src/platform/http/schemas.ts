import { Type } from 'typebox';

/**
 * A web address people will open from the console or a mail: http(s) only, never
 * `javascript:`, `data:` or a file path, which `format: 'uri'` alone lets through.
 */
export const HttpUrl = Type.String({
  format: 'uri',
  pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+',
  maxLength: 300,
  description: 'An http:// or https:// address.',
});

/**
 * The answer of a route that has nothing to say but that it is done (204) or under way (202):
 * no body at all (`reply.send()`), which the document shows as a response without content.
 */
export const NoContent = Type.Unsafe<void>({ type: 'null', description: 'Done: no body.' });
export const AcceptedNoContent = Type.Unsafe<void>({
  type: 'null',
  description: 'Accepted: what follows arrives by mail; no body.',
});
