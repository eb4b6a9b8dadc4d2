/** A user's text inside a MongoDB regex matches literally (no `.`, `*`, `(` surprises, no ReDoS). */
export const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
