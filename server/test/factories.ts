/**
 * Test data in the domain's words. Every factory writes real documents to the test database.
 *   const account = await makeAccount({ holder: { name: '张三', phone: '13800001234' } });
 *   const resident = await makeResident(t.deps, { bind: [account.accountNo] });
 *   await t.api('GET', '/api/accounts', { token: resident.token });
 */
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { StaffRole } from '@portal/types';
import type { AppDeps } from '../src/deps';
import { AccountModel, type Account } from '../src/modules/accounts/account.model';
import { BindingModel } from '../src/modules/accounts/binding.model';
import { StaffModel, type Staff } from '../src/modules/accounts/staff.model';
import { UserModel, type User } from '../src/modules/accounts/user.model';
import type { TestServer } from './harness';

let seq = 0;
const uniq = () => `${Date.now().toString(36)}${(seq++).toString(36)}${randomBytes(2).toString('hex')}`;

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export async function makeAccount(
  over: DeepPartial<Account> & Record<string, unknown> = {},
): Promise<Account> {
  const doc = await AccountModel.create({
    accountNo: over.accountNo ?? `31${String(Date.now() % 1e8).padStart(8, '0')}${seq++}`,
    utility: 'gas',
    areaCode: 'CY-WJY',
    ...over,
    holder: {
      name: '张三',
      phone: '13800001234',
      idNumberMasked: '110***********1234',
      ...(over.holder ?? {}),
    },
    address: {
      district: '朝阳区',
      community: '望京园',
      building: '3',
      unit: '2',
      room: '501',
      ...(over.address ?? {}),
    },
    meters: over.meters ?? [
      { meterNo: `M${uniq()}`, model: 'G2.5', installedAt: new Date('2020-01-01'), lastReading: 1200 },
    ],
  });
  return doc.toObject() as Account;
}

export type TestResident = { user: User; userId: string; token: string; openid: string };

export async function makeResident(
  deps: AppDeps,
  opts: { openid?: string; unionid?: string; openidOa?: string; bind?: string[] } = {},
): Promise<TestResident> {
  const openid = opts.openid ?? `o_mp_${uniq()}`;
  const user = (
    await UserModel.create({
      openidMp: openid,
      unionid: opts.unionid,
      openidOa: opts.openidOa,
      lastLoginAt: new Date(),
    })
  ).toObject() as User;
  for (const accountNo of opts.bind ?? []) await bindResident(user._id.toString(), accountNo);
  const token = await deps.tokens.sign({ kind: 'resident', userId: user._id.toString(), openid, app: 'mp' });
  return { user, userId: user._id.toString(), token, openid };
}

/**
 * Binds as if the resident had proved it. `since` is when the binding began (default: long ago, so a
 * test's clock never puts the household's records before it; pass the test clock's time when it matters).
 */
export async function bindResident(
  userId: string,
  accountNo: string,
  since = new Date('2000-01-01T00:00:00Z'),
): Promise<void> {
  const account = await AccountModel.findOne({ accountNo }).lean();
  if (!account) throw new Error(`no account ${accountNo}`);
  await BindingModel.create({
    userId,
    accountId: account._id,
    accountNo,
    proof: 'holderName',
    holderRevision: account.holderRevision ?? 0,
    createdAt: since,
  });
}

export type TestStaff = { staff: Staff; staffId: string; token: string };

export async function makeStaff(
  deps: AppDeps,
  roles: StaffRole[],
  over: Partial<Pick<Staff, 'areas' | 'skills' | 'name' | 'username' | 'team' | 'onShift' | 'phone'>> = {},
): Promise<TestStaff> {
  const staff = (
    await StaffModel.create({
      username: over.username ?? `staff_${uniq()}`,
      name: over.name ?? '李师傅',
      passwordHash: 'x', // tests that log in with a password create staff through the accounts service
      roles,
      areas: over.areas ?? ['CY'],
      skills: over.skills ?? [],
      team: over.team,
      onShift: over.onShift ?? true,
      phone: over.phone ?? '13900005678',
    })
  ).toObject() as Staff;
  const token = await deps.tokens.sign({
    kind: 'staff',
    staffId: staff._id.toString(),
    username: staff.username,
    roles,
    areas: staff.areas,
  });
  return { staff, staffId: staff._id.toString(), token };
}

/** A small PNG in `color` uploaded over HTTP with `token` (201 checked): the upload's answer. */
export async function uploadPng(
  t: Pick<TestServer, 'api'>,
  token: string,
  o: { color?: string; width?: number; height?: number } = {},
): Promise<{ id: string; url: string; thumbUrl: string }> {
  const { color = '#36a', width = 40, height = 30 } = o;
  const png = await sharp({ create: { width, height, channels: 3, background: color } })
    .png()
    .toBuffer();
  const res = await t.api('POST', '/api/uploads', {
    token,
    rawBody: png,
    headers: { 'content-type': 'image/png' },
  });
  expect(res.status).toBe(201);
  return res.body;
}

/** A document or meter photo uploaded with `token`: its upload id. */
export const uploadPhoto = async (
  t: Pick<TestServer, 'api'>,
  token: string,
  color = '#36a',
): Promise<string> => (await uploadPng(t, token, { color })).id;
