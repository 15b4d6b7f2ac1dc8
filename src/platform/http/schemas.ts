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
