/**
 * Session checks due at once (a burst of sockets whose cached check expired together) share one read per
 * kind of subject, and each still gets its own answer: current, deleted, or holding an old token version.
 */
import mongoose from 'mongoose';
import { UserModel } from '../../src/modules/accounts/user.model';
import { StaffModel } from '../../src/modules/accounts/staff.model';
import { isSessionCurrent } from '../../src/modules/accounts/sessionCheck';
import { makeResident, makeStaff } from '../factories';
import { connectTestDb, createTestDeps } from '../harness';

let db: Awaited<ReturnType<typeof connectTestDb>>;
beforeAll(async () => {
  db = await connectTestDb(undefined, { monitorCommands: true });
});
afterAll(() => db.drop());

it('twenty residents and three staff checked at once: two reads, and the right answer for each', async () => {
  const deps = createTestDeps();
  const residents = await Promise.all(Array.from({ length: 20 }, () => makeResident(deps)));
  const staff = await Promise.all([
    makeStaff(deps, ['agent']),
    makeStaff(deps, ['agent']),
    makeStaff(deps, ['dispatcher']),
  ]);
  await UserModel.updateOne({ _id: residents[3].userId }, { $set: { deletedAt: new Date() } });
  await UserModel.updateOne({ _id: residents[7].userId }, { $inc: { tokenVersion: 1 } });
  await StaffModel.updateOne({ _id: staff[1].staffId }, { $set: { active: false } });

  const reads: string[] = [];
  const client = mongoose.connection.getClient();
  const listen = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (e.commandName === 'find') reads.push(String(e.command.find));
  };
  client.on('commandStarted', listen);
  const answers = await Promise.all([
    ...residents.map((r) => isSessionCurrent(deps, { kind: 'resident', userId: r.userId, tv: 0 })),
    ...staff.map((s) =>
      isSessionCurrent(deps, {
        kind: 'staff',
        staffId: s.staffId,
        username: 'x',
        roles: [],
        areas: [],
        tv: 0,
      }),
    ),
    isSessionCurrent(deps, { kind: 'resident', userId: 'not-an-id', tv: 0 }),
  ]);
  client.off('commandStarted', listen);

  expect(reads.sort()).toEqual(['staff', 'users']);
  expect(answers.map((a, i) => (a ? '' : String(i))).filter(Boolean)).toEqual(['3', '7', '21', '23']);
});
