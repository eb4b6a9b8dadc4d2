import { clearAreaCache } from '../../src/modules/accounts/areas.service';
import { makeAccount, makeStaff, type TestStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';

let t: TestServer;
let operator: TestStaff;
beforeAll(async () => {
  t = await startTestServer();
  operator = await makeStaff(t.deps, ['operator']);
  const at = (district: string, community: string, building: string, over: Record<string, unknown> = {}) =>
    makeAccount({
      address: { district, community, building, unit: '1', room: '101' },
      areaCode: `${district}-${community}`,
      ...over,
    });
  // 朝阳区: 望京园 1栋×2, 2栋×1, 10栋×1 (+1 closed, not counted); 花家地 3栋×1 water
  await at('朝阳区', '望京园', '1');
  await at('朝阳区', '望京园', '1');
  await at('朝阳区', '望京园', '2');
  await at('朝阳区', '望京园', '10');
  await at('朝阳区', '望京园', '2', { status: 'closed' });
  await at('朝阳区', '花家地', '3', { utility: 'water' });
  // 东城区: 和平里, one account without a building
  await at('东城区', '和平里', '');
  clearAreaCache();
});
afterAll(() => t.close());

describe('the area tree', () => {
  it('counts open accounts per district, community and building, in pinyin order', async () => {
    const res = await t.api('GET', '/api/staff/areas', { token: operator.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      accounts: 6,
      districts: [
        {
          name: '朝阳区',
          accounts: 5,
          communities: [
            {
              name: '花家地',
              areaCode: '朝阳区-花家地',
              accounts: 1,
              buildings: [{ name: '3', accounts: 1 }],
            },
            {
              name: '望京园',
              areaCode: '朝阳区-望京园',
              accounts: 4,
              buildings: [
                { name: '1', accounts: 2 },
                { name: '2', accounts: 1 },
                { name: '10', accounts: 1 },
              ],
            },
          ],
        },
        {
          name: '东城区',
          accounts: 1,
          communities: [{ name: '和平里', areaCode: '东城区-和平里', accounts: 1, buildings: [] }],
        },
      ],
    });
  });

  it('filters by utility', async () => {
    const res = await t.api('GET', '/api/staff/areas?utility=water', { token: operator.token });
    expect(res.body.accounts).toBe(1);
    expect(res.body.districts.map((d: { name: string }) => d.name)).toEqual(['朝阳区']);
    expect(res.body.districts[0].communities[0].name).toBe('花家地');
  });

  it('answers from its cache for a minute, then sees new accounts', async () => {
    const before = (await t.api('GET', '/api/staff/areas', { token: operator.token })).body.accounts;
    await makeAccount({
      address: { district: '东城区', community: '和平里', building: '5', unit: '1', room: '101' },
    });
    expect((await t.api('GET', '/api/staff/areas', { token: operator.token })).body.accounts).toBe(before);
    clearAreaCache();
    expect((await t.api('GET', '/api/staff/areas', { token: operator.token })).body.accounts).toBe(
      before + 1,
    );
  });

  it('rejects an unknown utility (400 naming the field)', async () => {
    const res = await t.api('GET', '/api/staff/areas?utility=electric', { token: operator.token });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f: { path: string }) => f.path)).toContain('query.utility');
  });

  it('is for staff who pick areas, not technicians or residents', async () => {
    const tech = await makeStaff(t.deps, ['technician']);
    expect((await t.api('GET', '/api/staff/areas', { token: tech.token })).status).toBe(403);
    expect((await t.api('GET', '/api/staff/areas')).status).toBe(401);
  });
});
