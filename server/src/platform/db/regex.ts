/**
 * A user's text inside a MongoDB regex matches literally (no `.`, `*`, `(` surprises, no ReDoS). A NUL is
 * written `\x00`: BSON carries a regex as a C string, so a literal one fails to serialize (a 500 the fuzzer
 * found in customer search).
 */
export const escapeRegex = (s: string): string =>
  s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\0/g, '\\x00');
