/**
 * Session tokens: a process remembers the tokens it has verified (auth.ts), and a remembered token must be
 * refused exactly when jose would refuse it, and hand each request an identity of its own.
 */
import { createSessionTokens, type StaffAuth } from '../../src/platform/auth/auth';

const SECRET = 'a-session-secret-of-32-characters';
const staff: StaffAuth = {
  kind: 'staff',
  staffId: '665f0c0c0c0c0c0c0c0c0c0c',
  username: 'ops1',
  roles: ['operator'],
  areas: ['CY-01'],
  tv: 3,
};

afterEach(() => jest.useRealTimers());

/** The clock jose and auth.ts read (Date), set to `at`; promises and crypto keep running. */
function clockAt(at: Date) {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'], now: at });
}

describe('verified tokens', () => {
  it('are refused from the second their exp names, remembered or not', async () => {
    clockAt(new Date('2027-01-02T06:30:00.400Z'));
    const tokens = createSessionTokens(SECRET, 60);
    const token = await tokens.sign(staff);
    const other = await tokens.sign({ kind: 'resident', userId: 'u1', app: 'mp' });
    expect(await tokens.verify(token)).toEqual(staff); // remembered from here on

    jest.setSystemTime(new Date('2027-01-02T06:30:59.999Z'));
    expect(await tokens.verify(token)).toEqual(staff);
    jest.setSystemTime(new Date('2027-01-02T06:31:00.000Z'));
    expect(await tokens.verify(token)).toBeUndefined();
    expect(await tokens.verify(other)).toBeUndefined(); // never remembered: jose's own refusal
  });

  it('give each request its own copy of the identity', async () => {
    const tokens = createSessionTokens(SECRET, 60);
    const token = await tokens.sign(staff);
    const first = await tokens.verify(token);
    if (first?.kind !== 'staff') throw new Error('staff token not verified');
    first.roles.push('admin');
    first.areas.length = 0;
    first.username = 'someone else';
    expect(await tokens.verify(token)).toEqual(staff);
  });

  it('are only those whose signature checks out', async () => {
    const tokens = createSessionTokens(SECRET, 60);
    const forged = createSessionTokens('another-secret-of-32-characters!', 60);
    const token = await forged.sign({ ...staff, roles: ['admin'] });
    expect(await tokens.verify(token)).toBeUndefined();
    expect(await tokens.verify(token)).toBeUndefined();
    const genuine = await tokens.sign(staff);
    expect(await tokens.verify(genuine)).toEqual(staff);
    const [head, , signature] = genuine.split('.');
    const claims = Buffer.from(JSON.stringify({ ...staff, roles: ['admin'], exp: 4_000_000_000 })).toString(
      'base64url',
    );
    expect(await tokens.verify(`${head}.${claims}.${signature}`)).toBeUndefined();
    expect(await tokens.verify('not-a-token')).toBeUndefined();
  });
});
