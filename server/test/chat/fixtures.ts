/** A resident in an active conversation with an online agent (the starting point of most chat tests). */
import type { TestServer } from '../harness';
import { makeAccount, makeResident, makeStaff, type TestResident, type TestStaff } from '../factories';
import { ChatClient, isSession } from './chatClient';

export type LiveChat = {
  resident: TestResident;
  agent: TestStaff;
  sessionId: string;
  accountNo: string;
  desk: ChatClient;
};

export async function liveChat(t: TestServer, opts: { agent?: TestStaff } = {}): Promise<LiveChat> {
  const accountNo = (await makeAccount()).accountNo;
  const resident = await makeResident(t.deps, { bind: [accountNo] });
  const agent = opts.agent ?? (await makeStaff(t.deps, ['agent'], { name: '钱客服' }));
  const desk = await ChatClient.connect(t.url, agent.token);
  const opened = await t.api('POST', '/api/chat/sessions', { token: resident.token, body: { accountNo } });
  const sessionId: string = opened.body.session.id;
  const picked = await t.api('POST', `/api/chat/sessions/${sessionId}/pick`, { token: agent.token });
  if (picked.status !== 200) throw new Error(`pick failed: ${JSON.stringify(picked.body)}`);
  await desk.next(isSession(sessionId, 'active'));
  return { resident, agent, sessionId, accountNo, desk };
}
