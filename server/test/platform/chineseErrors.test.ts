/**
 * Every answer a resident can get to bad input is in Chinese and names the field in words. The walker
 * reads /openapi.json, takes every operation a resident (or anyone, before login) calls, and sends
 * each one wrong input built from its own schema: an empty or non-object body, each body field with
 * the wrong type, too long or out of range, each query parameter and path parameter garbled. Every
 * refusal must be a 4xx whose message (and each field's message) is Chinese, carries no English
 * library text and no internal path like "body.reading", and names every field it mentions.
 */
import { fieldLabel, UNLABELLED_FIELD } from '../../src/platform/http/fieldLabels';
import type { RouteDef } from '../../src/platform/http/route';
import { residentAllowed } from '../accounts/routeWalk';
import { makeAccount, makeResident, type TestResident } from '../factories';
import { startTestServer, type TestServer } from '../harness';

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
};
type Parameter = { name: string; in: 'query' | 'path' | 'header'; schema?: Schema };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};
type Refusal = { error?: { code?: string; message?: string; fields?: { path: string; message: string }[] } };

/** Public operations a resident's app calls (the others are WeChat's, the field system's or monitoring). */
const PUBLIC_FOR_RESIDENTS = new Set([
  'wechatLogin',
  'issueH5OauthState',
  'h5OauthLogin',
  'refreshSession',
  'listNotices',
  'getNotice',
  'getBillReceipt',
  'listTariffs',
  'getQrBill',
  'getPhoto',
  'getPhotoThumb',
  'getPublicSettings',
]);

/** Text that may appear in a Chinese message: file kinds, date patterns, units. Anything else Latin is English. */
const ALLOWED_LATIN =
  /\b(JSON|xlsx|csv|PDF|MB|KB|YYYY-MM-DD|YYYY-MM|HH:mm|multipart\/form-data|QR|ID|m³|kWh|GJ)\b/g;

let t: TestServer;
let resident: TestResident;
let doc: OpenApi;
let routes: RouteDef[];

beforeAll(async () => {
  t = await startTestServer();
  const account = await makeAccount();
  resident = await makeResident(t.deps, { bind: [account.accountNo] });
  doc = (await t.api<OpenApi>('GET', '/openapi.json')).body;
  routes = t.app.routes.filter(
    (r) =>
      residentAllowed(r) || (r.spec.access.kind === 'public' && PUBLIC_FOR_RESIDENTS.has(r.spec.operationId)),
  );
});
afterAll(() => t.close());

const resolve = (s: Schema | undefined): Schema => {
  if (!s) return {};
  if (s.$ref) return resolve(doc.components?.schemas?.[s.$ref.split('/').pop()!]);
  const inner = s.allOf?.[0] ?? s.anyOf?.find((x) => x.type !== 'null') ?? s.oneOf?.[0];
  return inner && !s.type && !s.properties ? resolve(inner) : s;
};
const typeOf = (s: Schema) => (Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type);

/** Wrong values for a field of this schema: the wrong type, and out of any sensible range. */
function badValues(s: Schema): unknown[] {
  const r = resolve(s);
  if (r.enum) return ['无此选项', 42];
  switch (typeOf(r)) {
    case 'string':
      return [12345, 'x'.repeat(5000), ''];
    case 'integer':
    case 'number':
      return ['十二', -1, 1e15, 1.5];
    case 'boolean':
      return ['也许'];
    case 'array':
      return ['一项', [{ 坏: 1 }], Array.from({ length: 300 }, () => 'x')];
    default:
      return ['文字', 7];
  }
}

type Attempt = { what: string; method: string; path: string; body?: unknown; query?: string };

function attempts(route: RouteDef, op: Operation): Attempt[] {
  const params = op.parameters ?? [];
  const fill = (bad?: { name: string; value: string }) =>
    route.path.replace(/:(\w+)/g, (_m, name: string) =>
      encodeURIComponent(
        bad?.name === name ? bad.value : name === 'accountNo' ? '3100000001' : '0123456789abcdef01234567',
      ),
    );
  const base = { method: route.method.toUpperCase(), path: fill() };
  const out: Attempt[] = [];
  for (const p of params.filter((x) => x.in === 'path'))
    for (const value of ['不是编号', 'x'.repeat(200)])
      out.push({
        ...base,
        what: `path ${p.name}=${value.slice(0, 10)}`,
        path: fill({ name: p.name, value }),
      });
  for (const p of params.filter((x) => x.in === 'query'))
    for (const value of badValues(p.schema ?? {}))
      out.push({ ...base, what: `query ${p.name}`, query: `${p.name}=${encodeURIComponent(String(value))}` });
  const body = resolve(op.requestBody?.content?.['application/json']?.schema);
  if (op.requestBody?.content?.['application/json']) {
    out.push({ ...base, what: 'empty body', body: {} }, { ...base, what: 'list body', body: [] });
    for (const [name, s] of Object.entries(body.properties ?? {}))
      for (const value of badValues(s)) out.push({ ...base, what: `body ${name}`, body: { [name]: value } });
  }
  return out;
}

/** What is wrong with a message a resident would read, or nothing. */
function problemsOf(message: string | undefined): string[] {
  if (!message) return ['no message'];
  const problems: string[] = [];
  if (!/[\u4e00-\u9fff]/.test(message)) problems.push('not Chinese');
  if (/\b(body|query|params|headers)\.\w/.test(message)) problems.push('internal path');
  const latin = message.replace(ALLOWED_LATIN, '').match(/[A-Za-z]{3,}/g);
  if (latin) problems.push(`English: ${latin.join(' ')}`);
  if (message.includes(UNLABELLED_FIELD)) problems.push('a field without words');
  return problems;
}

it('answers bad input on every resident endpoint in Chinese, naming each field in words', async () => {
  const findings: string[] = [];
  let refusals = 0;
  for (const route of routes) {
    const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method];
    expect(op?.operationId).toBe(route.spec.operationId);
    for (const a of attempts(route, op!)) {
      const token = route.spec.access.kind === 'public' ? undefined : resident.token;
      const url = a.query ? `${a.path}?${a.query}` : a.path;
      const res = await t.api<Refusal>(a.method, url, { token, body: a.body });
      const where = `${route.spec.operationId} ${a.what}: ${res.status}`;
      if (res.status >= 500) findings.push(`${where} server error`);
      if (res.status < 400 || res.status >= 500) continue;
      refusals++;
      const error = res.body?.error;
      for (const p of problemsOf(error?.message)) findings.push(`${where} ${p}: ${error?.message}`);
      for (const f of error?.fields ?? []) {
        for (const p of problemsOf(f.message)) findings.push(`${where} field ${f.path} ${p}: ${f.message}`);
        if (fieldLabel(f.path.split('.')) === UNLABELLED_FIELD)
          findings.push(`${where} field ${f.path} has no words`);
      }
    }
  }
  expect([...new Set(findings)]).toEqual([]);
  // The walk reached the endpoints: most attempts were refused for their input.
  expect(routes.length).toBeGreaterThan(40);
  expect(refusals).toBeGreaterThan(routes.length * 3);
}, 300_000);

it('says what is wrong with a meter reading in words, not as "body.reading"', async () => {
  const res = await t.api<Refusal>('POST', '/api/meter-readings', {
    token: resident.token,
    body: { accountNo: '3100000001', reading: -5 },
  });
  expect(res.status).toBe(400);
  expect(res.body.error?.message).toMatch(/读数/);
  expect(res.body.error?.message).not.toMatch(/body\.|Too|expected/);
});
