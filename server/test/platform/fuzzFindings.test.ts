/**
 * What schemathesis found over /openapi.json (server/test/fuzz/openapi.fuzz.ts), each kept fixed here:
 * dates that do not exist or lie millennia away were 500s on the cockpit, the audit log and slot
 * creation; undeclared methods were 501s; /readyz and every id pattern disagreed with the document; an
 * empty .xlsx import never answered; a NUL in searched text was a 500; a reschedule's 422 was undocumented.
 */
import http from 'node:http';
import { makeStaff, type TestStaff } from '../factories';
import { startTestServer, type TestServer } from '../harness';
import { householder } from '../workorders/fixtures';
import { addDays, dayOf } from '../../src/platform/time';

let t: TestServer;
let manager: TestStaff;
let admin: TestStaff;
beforeAll(async () => {
  t = await startTestServer();
  manager = await makeStaff(t.deps, ['manager'], { areas: [] });
  admin = await makeStaff(t.deps, ['admin'], { areas: [] });
});
afterAll(() => t.close());

type Refusal = { code: string; message: string; fields: { path: string; message: string }[] };

function expectFieldRefused(res: { status: number; body: { error: Refusal } }, field: string) {
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('VALIDATION_FAILED');
  expect(res.body.error.fields.map((f) => f.path)).toContain(field);
  // A message a person can read, in Chinese.
  const message = res.body.error.fields.find((f) => f.path === field)!.message;
  expect(message).toMatch(/[\u4e00-\u9fff]/);
}

describe('dates that do not exist, or lie outside 2000–2099, are a 400 naming the field', () => {
  const badDays = ['0000-00-00', '0034-01-01', '2026-02-30', '2026-13-01', '9999-12-31'];

  it.each(badDays)('the KPI cockpit, its export, drill-down and alerts refuse %s', async (day) => {
    const q = encodeURIComponent(day);
    const token = manager.token;
    expectFieldRefused(await t.api('GET', `/api/staff/kpis?from=${q}`, { token }), 'query.from');
    expectFieldRefused(await t.api('GET', `/api/staff/kpis?to=${q}`, { token }), 'query.to');
    expectFieldRefused(
      await t.api('GET', `/api/staff/kpis/export?table=drilldown&kpi=orderCount&format=csv&from=${q}`, {
        token,
      }),
      'query.from',
    );
    expectFieldRefused(await t.api('GET', `/api/staff/kpis/orderCount/items?to=${q}`, { token }), 'query.to');
    expectFieldRefused(
      await t.api('GET', `/api/staff/kpis/orderCount/items?bucket=day:${q}`, { token }),
      'query.bucket',
    );
    expectFieldRefused(await t.api('GET', `/api/staff/kpi-alerts?since=${q}`, { token }), 'query.since');
  });

  it('an instant in year 0034 on the cockpit is refused like a day', async () => {
    const res = await t.api('GET', `/api/staff/kpis?from=${encodeURIComponent('0034-05-06T00:00:00Z')}`, {
      token: manager.token,
    });
    expectFieldRefused(res, 'query.from');
  });

  it.each(['0000-00-00T00:00:00Z', '0034-01-01T00:00:00Z', '2026-02-30T00:00:00Z', '2026-11-24'])(
    'the audit log refuses from=%s',
    async (at) => {
      const res = await t.api('GET', `/api/staff/audit?from=${encodeURIComponent(at)}`, {
        token: admin.token,
      });
      expectFieldRefused(res, 'query.from');
    },
  );

  it('the audit log still takes an ISO instant with an offset', async () => {
    const res = await t.api(
      'GET',
      `/api/staff/audit?from=${encodeURIComponent('2026-11-01T00:00:00+08:00')}&to=${encodeURIComponent('2026-12-01T00:00:00Z')}`,
      { token: admin.token },
    );
    expect(res.status).toBe(200);
  });

  it.each(['0000-00-00', '0034-01-01', '2027-02-29'])('slot creation refuses from=%s', async (from) => {
    const res = await t.api('POST', '/api/slots', {
      token: admin.token,
      body: { areaCode: 'CY-WJY', type: 'repair', from, days: 1, capacity: 2 },
    });
    expectFieldRefused(res, 'body.from');
  });

  it('slot listing refuses a day that does not exist', async () => {
    const res = await t.api('GET', '/api/slots?areaCode=CY&type=repair&from=0000-00-00&to=0000-00-00', {
      token: admin.token,
    });
    expectFieldRefused(res, 'query.from');
  });

  it('a real day in range still reaches the cockpit', async () => {
    const res = await t.api('GET', '/api/staff/kpis?from=2026-11-01&to=2026-11-24', { token: manager.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-11-01', to: '2026-11-24' });
  });
});

/** TRACE through node:http (fetch refuses to send it). */
function trace(path: string): Promise<{ status: number; allow?: string; body: { error: Refusal } }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${t.url}${path}`, { method: 'TRACE' }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () =>
        resolve({ status: res.statusCode!, allow: res.headers.allow, body: JSON.parse(text) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

describe('a method the path does not declare', () => {
  it('TRACE on a declared path is 405 in the error shape, with Allow', async () => {
    const res = await trace('/api/staff/kpis');
    expect(res.status).toBe(405);
    expect(res.allow).toBe('HEAD, GET');
    expect(res.body.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', message: '该接口不支持此请求方法' });
  });

  it('PUT on a path that has GET and POST names both', async () => {
    const res = await t.api('PUT', '/api/slots');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')!.split(', ').sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('OPTIONS lists the methods without a body', async () => {
    const res = await t.api('OPTIONS', '/api/staff/kpis');
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('HEAD, GET');
  });

  it('a fixed path shadowing a parameter path names only its own methods', async () => {
    // '/api/accounts/bind' (POST) also matches '/api/accounts/:accountNo' (GET, DELETE).
    const res = await t.api('OPTIONS', '/api/accounts/bind');
    expect(res.headers.get('allow')).toBe('POST');
    // PATCH on '/api/staff/notices/preview' is not an update of a notice with id "preview".
    const patch = await t.api('PATCH', '/api/staff/notices/preview', { token: admin.token, body: {} });
    expect(patch.status).toBe(405);
    expect(patch.headers.get('allow')).toBe('POST');
  });

  it('a path nobody declared is still a 404', async () => {
    const res = await trace('/api/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('the document matches what is served', () => {
  let doc: {
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, unknown> };
  };
  beforeAll(async () => {
    doc = (await t.api('GET', '/openapi.json')).body;
  });

  it('every pattern is a plain regular expression (no /flags glued on) that its example matches', () => {
    const patterns: { pattern: string; example?: unknown }[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.pattern === 'string') patterns.push({ pattern: o.pattern, example: o.example });
      Object.values(o).forEach(walk);
    };
    walk(doc);
    expect(patterns.length).toBeGreaterThan(10);
    expect(patterns.filter((p) => /\/[gimsuy]*$/.test(p.pattern) && !p.pattern.endsWith('\\/'))).toEqual([]);
    for (const p of patterns) {
      const re = new RegExp(p.pattern);
      if (typeof p.example === 'string')
        expect(`${p.pattern} ${re.test(p.example)}`).toBe(`${p.pattern} true`);
    }
  });

  it('ids in upper-case hex are read like lower-case ones (the pattern has no flag to say so)', async () => {
    const res = await t.api('GET', '/api/staff/notices/0123456789ABCDEF01234567', { token: admin.token });
    expect(res.status).not.toBe(400);
  });

  it('a nullable named schema admits null (OpenAPI 3.0 ignores keywords beside $ref)', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toMatch(/"\$ref":"[^"]+","nullable":true/);
    expect(text).not.toMatch(/"nullable":true,"\$ref"/);
    // The dispatch dry run answers `rule: null` when no rule matches (schemathesis found the document said no).
    const decision = (
      doc as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } }
    ).components.schemas.DispatchDecision!.properties.rule;
    expect(decision).toEqual({
      anyOf: [
        { $ref: '#/components/schemas/DispatchRule' },
        { type: 'object', nullable: true, enum: [null] },
      ],
    });
  });

  it('the KPI export documents both formats it answers with', () => {
    const op = doc.paths['/api/staff/kpis/export']!.get as { responses: Record<string, { content: object }> };
    expect(Object.keys(op.responses['200']!.content).sort()).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'text/csv',
    ]);
  });

  it.each([
    ['/api/bills/{billId}/receipt.pdf', '/api/bills/6b1087f2d876e6a3472434f1/receipt.pdf?sig=0'],
    ['/api/uploads/{id}', '/api/uploads/6b1087f2d876e6a3472434f1'],
    ['/api/uploads/{id}/thumb', '/api/uploads/6b10881c80b3924e0f83b164/thumb'],
  ])(
    '%s, open to signed links, documents the 401 it answers without token or valid link',
    async (path, url) => {
      // Schemathesis found these 401s undocumented (ST103).
      const res = await t.api('GET', url);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('UNAUTHENTICATED');
      const op = doc.paths[path]!.get as { responses: Record<string, { content?: object }> };
      expect(Object.keys(op.responses)).toContain(String(res.status));
      expect(JSON.stringify(op.responses['401']!.content)).toContain('#/components/schemas/Error');
    },
  );

  it('a business calendar documents the seven days its week must have, and a shorter week is refused by name', async () => {
    // Schemathesis (positive data acceptance) sent an empty week the document allowed: length(7) had not
    // reached the document.
    for (const name of ['BusinessCalendar', 'BusinessCalendarBody']) {
      const schema = doc.components.schemas[name] as { properties: Record<string, object> };
      expect(schema.properties.week).toMatchObject({ minItems: 7, maxItems: 7 });
    }
    const res = await t.api('PUT', '/api/admin/calendars/fuzz-week', {
      token: admin.token,
      body: { label: '测试日历', week: [[], [], [], [], [], []] },
    });
    expectFieldRefused(res, 'body.week');
    expect(res.body.error.message).toContain('每周工作时段');
  });

  it('a reschedule to a slot of another area answers the 422 the document declares', async () => {
    // Schemathesis found it undocumented (ST103) once a real appointment was there to reschedule.
    const day = addDays(dayOf(t.deps.clock.now()), 3);
    for (const areaCode of ['RA', 'RB'])
      expect(
        (
          await t.api('POST', '/api/slots', {
            token: admin.token,
            body: { areaCode, type: 'inspection', from: day, days: 1, capacity: 1 },
          })
        ).status,
      ).toBe(201);
    const slotOf = async (token: string, areaCode: string) =>
      (await t.api('GET', `/api/slots?areaCode=${areaCode}&type=inspection&from=${day}&to=${day}`, { token }))
        .body[0].id as string;
    const { account, resident } = await householder(t.deps, 'RA-1');
    const booked = await t.api('POST', '/api/appointments', {
      token: resident.token,
      body: { slotId: await slotOf(resident.token, 'RA-1'), accountNo: account.accountNo },
    });
    expect(booked.status).toBe(201);
    const res = await t.api('POST', `/api/appointments/${booked.body.id}/reschedule`, {
      token: resident.token,
      body: { slotId: await slotOf(admin.token, 'RB') },
    });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'SLOT_MISMATCH', message: '该时段不适用于此地址或业务' });
    const op = doc.paths['/api/appointments/{id}/reschedule']!.post as { responses: Record<string, object> };
    expect(Object.keys(op.responses)).toContain('422');
  });

  it('/readyz answers the Readiness schema it declares, and says what 503 means', async () => {
    const res = await t.api('GET', '/readyz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    const op = doc.paths['/readyz']!.get as { responses: Record<string, { content?: object }> };
    expect(JSON.stringify(op.responses['200']!.content)).toContain('#/components/schemas/Readiness');
    expect(JSON.stringify(op.responses['503']!.content)).toContain('#/components/schemas/Error');
  });
});

describe('an upload that is not what its name says', () => {
  // A 1×1 PNG, sent as a spreadsheet (schemathesis found this answered 500).
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABSK+kcQAAAABJRU5ErkJggg==',
    'base64',
  );
  it.each(['holidays.XLSX', 'holidays.xlsx'])('a picture named %s is a 400 naming the file', async (name) => {
    const form = new FormData();
    form.append('file', new Blob([png], { type: 'application/octet-stream' }), name);
    const res = await fetch(`${t.url}/api/staff/holidays/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}` },
      body: form,
    });
    const body = (await res.json()) as { error: Refusal };
    expectFieldRefused({ status: res.status, body }, 'file');
  });
});

describe('an empty upload', () => {
  // Schemathesis found an import of no bytes named .xlsx never answered: the empty file, read whole, reached
  // the workbook reader as one chunk of no bytes, and it waited for ever.
  const says: Record<string, string> = {
    '/api/staff/imports': '文件为空',
    '/api/staff/imports/bills': '文件为空',
    '/api/staff/holidays/import': '文件中没有日期行',
  };
  const cases = Object.keys(says).flatMap((path) =>
    ['empty.xlsx', 'EMPTY.XLSX', 'empty.csv'].map((name) => [path, name] as const),
  );

  it.each(cases)('%s: raw bytes named %s are a 400 naming the file, at once', async (path, name) => {
    const res = await fetch(`${t.url}${path}?filename=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(0),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { error: Refusal };
    expectFieldRefused({ status: res.status, body }, 'file');
    expect(body.error.fields[0]!.message).toContain(says[path]);
  });

  it.each(cases)(
    '%s: a form whose file %s is empty is a 400 naming the file, at once',
    async (path, name) => {
      const form = new FormData();
      form.append('file', new Blob([], { type: 'application/octet-stream' }), name);
      const res = await fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}` },
        body: form,
        signal: AbortSignal.timeout(10_000),
      });
      const body = (await res.json()) as { error: Refusal };
      expectFieldRefused({ status: res.status, body }, 'file');
      expect(body.error.fields[0]!.message).toContain(says[path]);
    },
  );
});

describe('a NUL in searched text', () => {
  // Schemathesis found customer search answered 500: the text goes into an anchored regex, and BSON refuses
  // a regex with a NUL in it. Every search that builds a regex from the caller's text is asked here.
  it.each([
    ['customer search', '/api/staff/customers?q='],
    ['staff list', '/api/staff/users?q='],
    ['work-order board by area', '/api/staff/work-orders?areaPrefix='],
  ])('%s answers without a 5xx, and finds nothing', async (_name, path) => {
    const res = await t.api('GET', `${path}${encodeURIComponent('\u0000\u{10dd2d}\u0004')}`, {
      token: admin.token,
    });
    expect(res.status).toBeLessThan(500);
    if (res.status === 200) expect(res.body.items).toEqual([]);
    else expectFieldRefused(res, res.body.error.fields[0]!.path);
  });
});
