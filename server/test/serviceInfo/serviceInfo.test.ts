/**
 * Information pages: admins keep the 营业网点 and 业务指南 (every change audited); residents read the
 * open halls, nearest first from the location they grant, and the published guides, as soon as staff
 * saved them.
 */
import { AuditLogModel } from '../../src/platform/audit';
import { makeResident, makeStaff, type TestResident, type TestStaff } from '../factories';
import { createTestDeps, startTestServer, testClock, testConfig, type TestServer } from '../harness';

const clock = testClock(new Date('2026-12-01T01:00:00Z'));
let t: TestServer;
let admin: TestStaff;
let supervisor: TestStaff;
let resident: TestResident;
beforeAll(async () => {
  t = await startTestServer({ deps: createTestDeps(testConfig(), { clock }) });
  [admin, supervisor, resident] = await Promise.all([
    makeStaff(t.deps, ['admin']),
    makeStaff(t.deps, ['supervisor'], { areas: ['CY'] }),
    makeResident(t.deps),
  ]);
});
afterAll(() => t.close());

// 天安门 and two halls: 东城 (4.27 km as the crow flies) and 丰台 (10.96 km).
const TIANANMEN = { lat: 39.9087, lng: 116.3975 };
const DONGCHENG = {
  name: '东城营业厅',
  address: '北京市东城区东四十条 22 号',
  hours: '周一至周日 8:30–17:30',
  phone: '010-64001234',
  latitude: 39.9367,
  longitude: 116.4318,
  services: ['开户', '缴费'],
};
const FENGTAI = {
  ...DONGCHENG,
  name: '丰台营业厅',
  address: '北京市丰台区丰台路 18 号',
  latitude: 39.8584,
  longitude: 116.2871,
};

const createHall = (body: unknown, token = admin.token) =>
  t.api('POST', '/api/staff/service-halls', { token, body });
const residentHalls = (query = '') => t.api('GET', `/api/service-halls${query}`, { token: resident.token });

describe('营业网点', () => {
  it('shows residents the open halls nearest first with their distance, and an admin’s change of hours at once', async () => {
    const dongcheng = await createHall(DONGCHENG);
    expect(dongcheng.status).toBe(201);
    const fengtai = await createHall(FENGTAI);
    const closed = await createHall({ ...DONGCHENG, name: '装修中的网点', open: false });
    expect(closed.status).toBe(201);

    const near = await residentHalls(`?lat=${TIANANMEN.lat}&lng=${TIANANMEN.lng}`);
    expect(near.status).toBe(200);
    const names = near.body.items.map((h: { name: string }) => h.name);
    expect(names).toEqual(['东城营业厅', '丰台营业厅']);
    expect(Math.abs(near.body.items[0].distanceM - 4_270)).toBeLessThan(30);
    expect(Math.abs(near.body.items[1].distanceM - 10_960)).toBeLessThan(60);

    // Without a location: no distances, and signed-out visitors read them too.
    const anonymous = await t.api('GET', '/api/service-halls');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body.items.every((h: { distanceM?: number }) => h.distanceM === undefined)).toBe(true);

    const changed = await t.api('PUT', `/api/staff/service-halls/${dongcheng.body.id}`, {
      token: admin.token,
      body: { ...DONGCHENG, hours: '周一至周五 9:00–16:00', phone: undefined },
    });
    expect(changed.status).toBe(200);
    const after = (await residentHalls()).body.items.find((h: { id: string }) => h.id === dongcheng.body.id);
    expect(after).toMatchObject({ hours: '周一至周五 9:00–16:00' });
    expect(after.phone).toBeUndefined();

    const entry = await AuditLogModel.findOne({
      action: 'serviceHall.update',
      'target.id': dongcheng.body.id,
    }).lean();
    expect(entry).toMatchObject({
      actor: { kind: 'staff', id: admin.staffId },
      before: { hours: '周一至周日 8:30–17:30', phone: '010-64001234' },
      after: { hours: '周一至周五 9:00–16:00' },
    });

    expect(
      (await t.api('DELETE', `/api/staff/service-halls/${fengtai.body.id}`, { token: admin.token })).status,
    ).toBe(200);
    expect((await residentHalls()).body.items.map((h: { name: string }) => h.name)).not.toContain(
      '丰台营业厅',
    );
    const all = await t.api('GET', '/api/staff/service-halls', { token: admin.token });
    expect(all.body.items.map((h: { name: string }) => h.name)).toContain('装修中的网点');
    expect(
      await AuditLogModel.countDocuments({ action: 'serviceHall.delete', 'target.id': fengtai.body.id }),
    ).toBe(1);
  });

  it('refuses a hall with missing or impossible fields, naming each in Chinese', async () => {
    const r = await createHall({ ...DONGCHENG, name: ' ', latitude: 91, phone: 'call me' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    const messages = r.body.error.fields.map((f: { message: string }) => f.message).join(' ');
    expect(messages).toContain('请填写网点名称');
    expect(messages).toContain('纬度应在中国境内');
    expect(messages).toContain('电话只能含数字和连字符');
  });

  it('asks for both coordinates of the resident’s location, not one', async () => {
    const r = await residentHalls('?lat=39.9');
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body.error.fields)).toContain('经度和纬度须同时提供');
  });

  it('answers 404 for a hall that does not exist', async () => {
    const missing = '64b000000000000000000000';
    const r = await t.api('PUT', `/api/staff/service-halls/${missing}`, {
      token: admin.token,
      body: DONGCHENG,
    });
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'SERVICE_HALL_NOT_FOUND', message: '营业网点不存在' });
    expect(
      (await t.api('DELETE', `/api/staff/service-halls/${missing}`, { token: admin.token })).status,
    ).toBe(404);
  });

  it('lets only admins change halls: a supervisor and a resident are refused and nothing changes', async () => {
    const before = await AuditLogModel.countDocuments({ action: /^serviceHall\./ });
    expect((await createHall(DONGCHENG, supervisor.token)).status).toBe(403);
    expect((await createHall(DONGCHENG, resident.token)).status).toBe(403);
    expect((await t.api('GET', '/api/staff/service-halls', { token: supervisor.token })).status).toBe(403);
    expect(await AuditLogModel.countDocuments({ action: /^serviceHall\./ })).toBe(before);
  });
});

describe('业务指南', () => {
  it('shows residents only published guides, by category in the order staff chose', async () => {
    const post = (body: unknown) => t.api('POST', '/api/staff/service-guides', { token: admin.token, body });
    const safety = await post({
      category: 'safety',
      utility: 'gas',
      title: '安全用气',
      items: ['闻到气味先关阀'],
      order: 1,
    });
    const second = await post({
      category: 'business',
      title: '过户须知',
      items: ['带新旧户主身份证'],
      order: 20,
    });
    const first = await post({
      category: 'business',
      title: '开户需要带什么',
      items: ['身份证', '房产证'],
      order: 10,
    });
    const draft = await post({ category: 'meter', title: '草稿', items: ['未写完'], published: false });
    expect([safety, second, first, draft].map((r) => r.status)).toEqual([201, 201, 201, 201]);

    const list = await t.api('GET', '/api/service-guides', { token: resident.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((g: { title: string }) => g.title)).toEqual([
      '开户需要带什么',
      '过户须知',
      '安全用气',
    ]);
    expect(list.body.items[0].items).toEqual(['身份证', '房产证']);

    const published = await t.api('PUT', `/api/staff/service-guides/${draft.body.id}`, {
      token: admin.token,
      body: { category: 'meter', title: '如何读燃气表', items: ['只读黑色数字'], published: true },
    });
    expect(published.status).toBe(200);
    const again = await t.api('GET', '/api/service-guides');
    expect(again.body.items.map((g: { title: string }) => g.title)).toContain('如何读燃气表');
    expect(
      await AuditLogModel.countDocuments({ action: 'serviceGuide.update', 'target.id': draft.body.id }),
    ).toBe(1);
  });

  it('refuses a guide without content in Chinese, and only admins may write one', async () => {
    const empty = await t.api('POST', '/api/staff/service-guides', {
      token: admin.token,
      body: { category: 'business', title: '', items: [] },
    });
    expect(empty.status).toBe(400);
    const messages = empty.body.error.fields.map((f: { message: string }) => f.message).join(' ');
    expect(messages).toContain('请填写标题');
    expect(messages).toContain('至少写一条内容');
    const bySupervisor = await t.api('POST', '/api/staff/service-guides', {
      token: supervisor.token,
      body: { category: 'business', title: '开户', items: ['身份证'] },
    });
    expect(bySupervisor.status).toBe(403);
  });
});

describe('wrong kinds of input', () => {
  it('names each field in Chinese, never in zod’s English', async () => {
    const guide = await t.api('POST', '/api/staff/service-guides', {
      token: admin.token,
      body: { category: 'x', title: 5, items: 'a', order: 'z', published: 'yes', utility: 'oil' },
    });
    const hall = await t.api('POST', '/api/staff/service-halls', {
      token: admin.token,
      body: { services: [1], open: 'y', latitude: 'a', phone: 5 },
    });
    for (const r of [guide, hall]) {
      expect(r.status).toBe(400);
      const messages = r.body.error.fields.map((f: { message: string }) => f.message);
      expect(messages.length).toBeGreaterThan(4);
      for (const m of messages) expect(m).toMatch(/^[^A-Za-z]*[\u4e00-\u9fff][^A-Za-z]*$/);
    }
  });
});
