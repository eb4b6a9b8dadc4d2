/**
 * The indexes over documents whose field holds a string (platform/db/stringIndex.ts), which the portal looks
 * up by equality: openids, idempotency keys, holds, the chat sessions of an account.
 *
 * - **What the schemas declare:** no partial index is filtered by `$type: 'string'`. mongod answers an equality
 *   from such an index only when the query names the same `$type`, and the portal's queries do not. The two
 *   `$type: 'date'` filters that remain are named by every query that uses them.
 * - **On any database:** the `$gte: ''` filter selects exactly the documents `$type: 'string'` selected, whatever
 *   else the field holds. A unique one still lets any number of documents lack a string, and still refuses a
 *   second of the same string. It can be built beside the `$type` index a database already has.
 * - **On mongod:** an equality or `$in` of strings is answered from the new index, and from the old one not at
 *   all. mongod's own planner decides this, so this runs where a mongod runs (a machine that could download one,
 *   or MONGODB_URI).
 * - **On the stand-in:** its storage reads no collection for an equality on the new index, and read the whole
 *   collection on the old one.
 */
import mongoose, { Types } from 'mongoose';
import '../../src/modules'; // every feature's models, so every declared index is known
import { PaymentModel } from '../../src/modules/billing/payment.model';
import { staffPaymentSearch } from '../../src/modules/billing/payments.service';
import type { StaffAuth } from '../../src/platform/auth/auth';
import { stringsOnly } from '../../src/platform/db/stringIndex';
import { connectTestDb } from '../harness';
import { planStagesOf } from './explainStages';
import { COUNT_SCANS, onStandIn, standInProbe } from './standInProbe';

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => (db = await connectTestDb()));
afterAll(() => db.drop());

type Declared = { collection: string; keys: Record<string, unknown>; filter: Record<string, unknown> };
const partialIndexes = (): Declared[] =>
  Object.values(mongoose.connection.models).flatMap((model) =>
    model.schema
      .indexes()
      .filter(([, options]) => options.partialFilterExpression)
      .map(([keys, options]) => ({
        collection: model.collection.collectionName,
        keys,
        filter: options.partialFilterExpression as Record<string, unknown>,
      })),
  );
const typed = (d: Declared, type: string) =>
  Object.values(d.filter).some((v) => (v as { $type?: unknown } | null)?.$type === type);

describe('what the schemas declare', () => {
  it('no partial index is filtered by $type: string; the string ones are held to $gte', () => {
    const declared = partialIndexes();
    expect(declared.filter((d) => typed(d, 'string'))).toEqual([]);
    const strings = declared.filter((d) => JSON.stringify(Object.values(d.filter)[0]) === '{"$gte":""}');
    expect(strings.map((d) => `${d.collection}.${Object.keys(d.filter)[0]}`).sort()).toEqual([
      'bills.payingOutTradeNo',
      'bills.sourceKey',
      'chatMessages.clientMsgId',
      'chatMessages.photoId',
      'chatSessions.accountNo',
      'chatSessions.openFor',
      'chatSessions.orderNo',
      'oa_followers.unionid',
      'payments.activeKey',
      'payments.transactionId',
      'slots.heldBy',
      'users.formerOpenidOa',
      'users.openidMp',
      'users.openidOa',
      'users.unionid',
      'workOrders.approvalVia',
      'workOrders.inspectionPlanId',
      'workOrders.sourceKey',
    ]);
  });

  it('the $type: date filters left are the two whose every query names them', () => {
    // billReports.ts (paid bills of a day, with a hint) and field/orderCosts.ts (orders with recorded work).
    expect(
      partialIndexes()
        .filter((d) => typed(d, 'date'))
        .map((d) => `${d.collection} ${JSON.stringify(d.keys)} ${JSON.stringify(d.filter)}`)
        .sort(),
    ).toEqual([
      'bills {"paidAt":1} {"paidAt":{"$type":"date"}}',
      'workOrders {"resolvedAt":1} {"workRecordedAt":{"$type":"date"}}',
    ]);
  });
});

const probe = () => mongoose.connection.collection('string_index_probe');
const VALUES: unknown[] = [
  'a',
  'b',
  '',
  '账户-001',
  null,
  undefined,
  5,
  0,
  true,
  new Date(0),
  new Types.ObjectId(),
  ['c', 3],
  [4],
  { a: 'x' },
];

describe('on any database', () => {
  beforeEach(async () => {
    await probe()
      .drop()
      .catch(() => undefined);
    await probe().insertMany(VALUES.map((v, n) => (v === undefined ? { n } : { n, f: v })));
  });

  it('$gte: "" selects exactly what $type: "string" selects', async () => {
    const ns = async (filter: Record<string, unknown>) =>
      (await probe().find(filter).hint({ $natural: 1 }).toArray())
        .map((d) => d.n as number)
        .sort((a, b) => a - b);
    const strings = await ns({ f: { $type: 'string' } });
    expect(strings).toEqual([0, 1, 2, 3, 11]);
    expect(await ns(stringsOnly('f'))).toEqual(strings);
  });

  it('a unique one lets any number of documents lack a string and refuses a second of one string', async () => {
    await probe().createIndex(
      { f: 1 },
      { unique: true, name: 'f_1_strings', partialFilterExpression: stringsOnly('f') },
    );
    await probe().insertMany([{ f: null }, {}, { f: 5 }, { f: new Date(0) }]);
    await expect(probe().insertOne({ f: 'a' })).rejects.toMatchObject({ code: 11000 });
    await expect(probe().insertOne({ f: '账户-001' })).rejects.toMatchObject({ code: 11000 });
    await expect(probe().updateOne({ n: 4 }, { $set: { f: 'b' } })).rejects.toMatchObject({ code: 11000 });
  });

  it('builds beside the $type index a database made before has, and both hold', async () => {
    await probe().createIndex(
      { f: 1 },
      { unique: true, partialFilterExpression: { f: { $type: 'string' } } },
    );
    await probe().createIndex(
      { f: 1 },
      { unique: true, name: 'f_1_strings', partialFilterExpression: stringsOnly('f') },
    );
    expect((await probe().indexes()).map((i) => i.name).sort()).toEqual(['_id_', 'f_1', 'f_1_strings']);
    await expect(probe().insertOne({ f: 'a' })).rejects.toMatchObject({ code: 11000 });
  });
});

(onStandIn ? describe.skip : describe)('on mongod', () => {
  const planOf = async (filter: Record<string, unknown>) =>
    planStagesOf(await probe().find(filter).explain('queryPlanner'));

  beforeEach(async () => {
    await probe()
      .drop()
      .catch(() => undefined);
    await probe().insertMany(Array.from({ length: 200 }, (_, n) => ({ n, f: n % 3 ? `k${n}` : null })));
  });

  it('answers an equality or $in of strings from the $gte index', async () => {
    await probe().createIndex({ f: 1 }, { name: 'f_1_strings', partialFilterExpression: stringsOnly('f') });
    expect(await planOf({ f: 'k7' })).toContain('f_1_strings');
    expect(await planOf({ f: { $in: ['k7', 'k8'] } })).toContain('f_1_strings');
    expect(await planOf({ f: 'k7', n: { $gt: 3 } })).toContain('f_1_strings');
  });

  it('finds a payment for staff by 户号, order number or transaction id without reading the collection', async () => {
    await PaymentModel.createIndexes();
    const staff = (roles: StaffAuth['roles'], areas: string[]): StaffAuth => ({
      kind: 'staff',
      staffId: String(new Types.ObjectId()),
      username: 'probe',
      roles,
      areas,
    });
    for (const auth of [staff(['admin'], []), staff(['supervisor'], ['CY-01'])]) {
      const stages = planStagesOf(
        await PaymentModel.find(staffPaymentSearch(auth, '4200001234202612010000000001')).explain(
          'queryPlanner',
        ),
      );
      expect(stages).not.toContain('COLLSCAN');
      expect(stages).toContain('transactionId_1_strings');
    }
  });

  it('reads the whole collection for the same equality on a $type index', async () => {
    await probe().createIndex({ f: 1 }, { partialFilterExpression: { f: { $type: 'string' } } });
    expect(await planOf({ f: 'k7' })).toEqual(['COLLSCAN']);
    expect(await planOf({ f: { $eq: 'k7', $type: 'string' } })).toContain('f_1');
  });
});

(onStandIn ? it : it.skip)(
  'the stand-in reads no collection for an equality on the $gte index, and did on the $type one',
  () => {
    const script = String.raw`
import json, sys
import secantus.storage as storage
${COUNT_SCANS}
s = storage.Storage(":memory:")
found = {}
for label, partial in (("strings", {"f": {"$gte": ""}}), ("type", {"f": {"$type": "string"}})):
    s.insert("probe", label, [{"n": n, "f": ("k%d" % n) if n % 3 else None} for n in range(600)])
    s.create_index("probe", label, "f_1", {"f": 1}, {"partialFilterExpression": partial})
    del scans[:]
    answer = len(s.find_matching("probe", label, {"f": "k7"}))
    found[label] = {"answer": answer, "scans": len(scans)}
print(json.dumps(found))
`;
    const found = standInProbe<Record<string, { answer: number; scans: number }>>(script);
    expect(found.strings).toEqual({ answer: 1, scans: 0 });
    expect(found.type.answer).toBe(1);
    expect(found.type.scans).toBeGreaterThan(0);
  },
);
