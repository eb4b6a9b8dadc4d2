import { Types } from 'mongoose';
import { createGrants } from '../../src/modules/messaging/grants.service';
import { SubscriptionModel } from '../../src/modules/messaging/subscription.model';
import { eventTemplates } from '../../src/modules/messaging/templates';
import { connectTestDb, testConfig } from '../harness';

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb();
  await SubscriptionModel.init();
});
afterAll(() => db.drop());

const grants = createGrants(eventTemplates(testConfig()));
const userId = new Types.ObjectId().toString();
const templateId = 'tmpl-outage';
const remaining = async () => (await SubscriptionModel.findOne({ userId, templateId }).lean())?.remaining;

describe('one-time subscribe grants', () => {
  beforeEach(async () => {
    await SubscriptionModel.deleteMany({});
    await SubscriptionModel.create({ userId, templateId, remaining: 2, accepted: 2 });
  });

  it('a delivery retried after its worker died between taking a grant and recording it does not spend a second one', async () => {
    expect(await grants.take(userId, templateId, 'delivery-1')).toBe(true);
    // The worker dies here; the retry of the same delivery asks again.
    expect(await grants.take(userId, templateId, 'delivery-1')).toBe(true);
    expect(await remaining()).toBe(1);
    expect(await grants.take(userId, templateId, 'delivery-2')).toBe(true);
    expect(await remaining()).toBe(0);
    expect(await grants.take(userId, templateId, 'delivery-3')).toBe(false);
  });

  it('a grant given back (WeChat rejected the message) can be taken again, by anyone', async () => {
    expect(await grants.take(userId, templateId, 'delivery-1')).toBe(true);
    await grants.giveBack(userId, templateId, 'delivery-1');
    expect(await remaining()).toBe(2);
    await grants.giveBack(userId, templateId, 'delivery-1'); // twice changes nothing
    expect(await remaining()).toBe(2);
    expect(await grants.take(userId, templateId, 'delivery-1')).toBe(true);
    expect(await remaining()).toBe(1);
  });
});
