/**
 * What the demo does not seed and a portal holds after its first weeks, made through the API before the fuzzer
 * starts, so that its dictionaries (knownRecords.ts) name real records: the resident's own and the staff's. Every
 * step checks its answer: a step that stops working fails the gate instead of quietly leaving a dictionary empty.
 */
import mongoose from 'mongoose';
import type { Running } from '../../src/platform/runtime';
import { addDays, dayOf } from '../../src/platform/time';
import { uploadPhoto } from '../factories';
import { request, type ApiResponse } from '../harness';

type Call = (method: string, path: string, o?: Parameters<typeof request>[3]) => Promise<ApiResponse>;

/** The portal's API as the holder of `token` calls it. */
const caller =
  (portal: Running, token: string | undefined): Call =>
  (method, path, o) =>
    request(portal.url, method, path, { token, ...o });

/** The answer's body, once its status is the one expected (else the failure shows what the portal answered). */
async function answered(status: number, answer: Promise<ApiResponse>) {
  const { status: got, body } = await answer;
  expect({ status: got, body }).toMatchObject({ status });
  return body;
}

/** The household's first meter's last reading: a reading 20 above it is a month's usual use. */
async function lastReadingOf(accountNo: string): Promise<number> {
  const account = await mongoose.connection.db!.collection('accounts').findOne({ accountNo });
  return (account?.meters as { lastReading?: number }[] | undefined)?.[0]?.lastReading ?? 0;
}

/**
 * What a resident makes on day one: a repair and a complaint, a chat, a meter reading (with its photo), 报停 and
 * 过户 awaiting review, a payment in progress. Answers the household they were made for (the resident's first).
 */
export async function residentRecords(portal: Running, token: string): Promise<string> {
  const api = caller(portal, token);
  const mine = await api('GET', '/api/accounts');
  const households = (mine.body.items as { accountNo: string }[]).map((a) => a.accountNo);
  const accountNo = households[0]!;
  for (const type of ['repair', 'complaint'])
    await answered(
      201,
      api('POST', '/api/work-orders', {
        body: { accountNo, type, category: 'other', description: '模糊测试用的真实工单' },
      }),
    );
  const chat = await api('POST', '/api/chat/sessions', { body: { accountNo, text: '您好' } });
  expect(chat.status).toBeLessThan(300);
  // A meter reading of their own, with its photo.
  const photoId = await uploadPhoto({ api }, token);
  const reading = { accountNo, reading: (await lastReadingOf(accountNo)) + 20, photoId };
  await answered(201, api('POST', '/api/meter-readings', { body: reading })); // awaiting review (pending)
  const today = dayOf(portal.deps.clock.now());
  const suspend = {
    kind: 'suspend',
    reason: '外出务工,房屋空置',
    fromDate: addDays(today, 3),
    expectedResumeDate: addDays(today, 90),
  };
  // Two, awaiting a supervisor: when the fuzzer cancels one first (the resident may), the other is still theirs.
  for (const home of households.slice(0, 2))
    await answered(201, api('POST', '/api/supply-changes', { body: { ...suspend, accountNo: home } }));
  // Two 过户 awaiting a supervisor (approveAccountChange, rejectAccountChange), as with 报停.
  for (const home of households.slice(1, 3))
    await answered(
      201,
      api('POST', '/api/account-changes', {
        body: {
          kind: 'transfer',
          accountNo: home,
          idPhotos: [await uploadPhoto({ api }, token)],
          propertyProofs: [await uploadPhoto({ api }, token)],
          newHolder: { name: '新住户', phone: '13900006666', idNumber: '11010519900307123X' },
          handoverReading: (await lastReadingOf(home)) + 10,
        },
      }),
    );
  const bills = await api('GET', `/api/bills?accountNo=${accountNo}`);
  const open = (bills.body.items as { id: string; status: string }[]).filter((b) => b.status !== 'paid');
  if (open.length)
    expect(
      (await api('POST', '/api/payments', { body: { accountNo, billIds: [open[0]!.id] } })).status,
    ).toBeLessThan(300);
  return accountNo;
}

type Order = { orderNo: string; accountNo: string; type: string; description: string; utility?: string };

/**
 * What the staff make in their first weeks, as the demo's admin and technician (and the resident where the step
 * is theirs), around the resident's household `accountNo`: an accounts import and next year's holidays from
 * files, a quick reply, a 抄表区段, a slot template and a hold, a trade-bill reconciliation; an appointment the
 * resident books on a free slot; an inspection plan run over the household's 小区 whose visit there finds a
 * hazard and whose visit next door finds no one home (flagged after its one allowed visit); and a 回访 task,
 * opened when the resident rates the desk's answer to their complaint 1 star. No escalation: the demo seeds the
 * ones its orders' SLA history raised (demo/slaClocks.ts), those of open orders still to confirm.
 */
export async function staffRecords(
  portal: Running,
  tokens: Map<string, string>,
  accountNo: string,
): Promise<void> {
  const [admin, technician, resident] = ['admin', 'technician', 'resident'].map((holder) =>
    caller(portal, tokens.get(holder)),
  ) as [Call, Call, Call];
  const today = dayOf(portal.deps.clock.now());
  const { areaCode } = await answered(200, resident('GET', `/api/accounts/${accountNo}`));
  const csv = (text: string) => ({ rawBody: text, headers: { 'content-type': 'text/csv' } });
  const accounts =
    '户号,户主,电话,区,小区,楼栋,单元,房号,类型,表号\n3199000001,陈志强,13811112222,海淀区,清河小区,1,2,301,燃气,MA0001';
  await answered(201, admin('POST', '/api/staff/imports?filename=accounts.csv', csv(accounts)));
  const holidays = `日期,类型,名称\n${Number(today.slice(0, 4)) + 1}-01-01,放假,元旦`;
  await answered(200, admin('POST', '/api/staff/holidays/import?filename=holidays.csv', csv(holidays)));
  const reply = { title: '问候', text: '您好,很高兴为您服务' };
  await answered(201, admin('POST', '/api/chat/quick-replies', { body: reply }));
  const route = { readerName: '张抄表', team: '朝阳抄表组' };
  await answered(200, admin('PUT', `/api/staff/meter-routes/${areaCode}`, { body: route }));
  // A template and a hold clear of the slots the resident books below.
  const template = { areaCode: 'CY', type: 'activation', windows: [{ window: 'am', capacity: 4 }] };
  await answered(201, admin('POST', '/api/slot-templates', { body: template }));
  const day = addDays(today, 7);
  const hold = { kind: 'hold', areaCode: 'FT', type: 'installation', from: day, to: day, reason: '管网检修' };
  await answered(201, admin('POST', '/api/slot-holds', { body: hold }));
  // WeChat makes a day's bill at 10:00 the next day.
  await answered(200, admin('POST', `/api/staff/trade-bills/${addDays(today, -2)}/reconcile`));

  const window = `areaCode=${areaCode}&type=repair&from=${addDays(today, 1)}&to=${addDays(today, 13)}`;
  const slots: { id: string; remaining: number }[] = await answered(
    200,
    resident('GET', `/api/slots?${window}`),
  );
  const booking = { slotId: slots.find((s) => s.remaining > 0)?.id, accountNo, description: '灶具打不着火' };
  await answered(201, resident('POST', '/api/appointments', { body: booking }));

  const act = (as: Call, orderNo: string, action: string, more: object = {}) =>
    answered(200, as('POST', `/api/work-orders/${orderNo}/transitions`, { body: { action, ...more } }));
  // Due tomorrow, so that the schedule does not run it alongside this run.
  const planBody = {
    name: '模糊测试安检',
    areaPrefix: areaCode,
    maxAttempts: 1,
    nextRunOn: addDays(today, 1),
  };
  const plan = await answered(201, admin('POST', '/api/inspection-plans', { body: planBody }));
  await answered(200, admin('POST', `/api/inspection-plans/${plan.id}/run`));
  const query = `type=inspection&areaPrefix=${areaCode}&state=open&pageSize=100`;
  const open = await answered(200, admin('GET', `/api/staff/work-orders?${query}`));
  const visits = (open.items as Order[]).filter((o) => o.description.startsWith(plan.name));
  expect(visits.map((o) => o.accountNo)).toContain(accountNo);
  const { id: technicianId } = await answered(200, technician('GET', '/api/staff/me'));
  const checklists: { utility: string; items: { key: string }[] }[] = await answered(
    200,
    technician('GET', '/api/inspection-checklists'),
  );
  for (const visit of visits) {
    await act(admin, visit.orderNo, 'dispatch', { assigneeId: technicianId });
    for (const action of ['accept', 'depart', 'arrive']) await act(technician, visit.orderNo, action);
    if (visit.accountNo !== accountNo) {
      await act(technician, visit.orderNo, 'notHome');
      continue;
    }
    await act(technician, visit.orderNo, 'start');
    const items = checklists.find((c) => c.utility === visit.utility)!.items;
    const form = {
      checklist: items.map(({ key }, i) => ({ key, result: i === 0 ? 'fail' : 'pass' })),
      signaturePhotoId: await uploadPhoto({ api: technician }, tokens.get('technician')!, '#fff'),
      hazards: [
        {
          category: 'hoseAging',
          severity: 'minor',
          description: '灶具胶管老化',
          rectifyBy: addDays(today, 14),
        },
      ],
    };
    await answered(200, technician('POST', `/api/work-orders/${visit.orderNo}/inspection`, { body: form }));
  }

  const mine = await answered(200, resident('GET', `/api/work-orders?accountNo=${accountNo}`));
  const complaint = (mine.items as Order[]).find((o) => o.type === 'complaint')!;
  await act(admin, complaint.orderNo, 'start');
  await act(admin, complaint.orderNo, 'complete', { note: '已核实,抄表员已向您致歉' });
  const rating = { score: 1, comment: '答复没有解决问题' };
  await answered(200, resident('POST', `/api/work-orders/${complaint.orderNo}/rating`, { body: rating }));
}
