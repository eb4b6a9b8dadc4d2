/**
 * An index over only the documents whose field holds a string: the openids, keys and references that most
 * documents lack or clear, and that must be unique among those that have one.
 *
 * The filter is `{field: {$gte: ''}}`. A range matches only values of its own BSON type, and every string is
 * at least '', so it selects exactly the documents `{field: {$type: 'string'}}` selects. The difference is which
 * queries mongod will answer from the index. mongod uses a partial index only for a query it can prove
 * matches nothing outside the filter (`isSubsetOf` in mongod's `expression_algo.cpp`). It proves that for an
 * equality, or an `$in`, of strings against a `$gte: ''` range. It has no such rule for `$type`. So with a
 * `$type` filter, `findOne({openidMp})`, `findOne({activeKey})` or `find({heldBy})` read the whole collection.
 *
 * The indexes are named apart from the `$type`-filtered ones a database built before may have: mongod refuses
 * a second index of one name, and allows a second of the same keys under another name when its filter
 * differs. `portal migrate` builds these beside the old ones and reports the old ones as no longer declared.
 */
import type { IndexDefinition, IndexOptions } from 'mongoose';
import { indexName } from './indexes';

export const stringsOnly = (field: string) => ({ [field]: { $gte: '' } });

/**
 * Arguments for `schema.index(...)`: the keys, and options that hold the index to the documents whose `field`
 * (the first key unless named) is a string.
 */
export function overStrings(
  keys: IndexDefinition,
  options: IndexOptions & { unique?: boolean; field?: string } = {},
): [IndexDefinition, IndexOptions & { unique?: boolean }] {
  const { field = Object.keys(keys)[0], ...rest } = options;
  return [keys, { ...rest, name: `${indexName(keys)}_strings`, partialFilterExpression: stringsOnly(field) }];
}
