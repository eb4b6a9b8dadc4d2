/** The 消息模板 admin: list each event's template ids with their field mapping, set the ids (audited). */
import type { MessageEvent, MessageTemplate, UpdateMessageTemplateBody } from '@portal/types';
import type { AppDeps } from '../../deps';
import { actorOf, audit } from '../../platform/audit';
import type { StaffAuth } from '../../platform/auth/auth';
import { dropTemplateSettingsCache, liveTemplates } from './liveTemplates';
import { messengerFor } from './sendMessage.job';
import { TemplateSettingModel, type TemplateSetting } from './templateSetting.model';
import { eventTemplates, renderOfficial, renderSubscribe, type EventTemplates } from './templates';

/** Plain sample values for every data key any event reads: the list shows what each field becomes. */
const SAMPLE: Record<string, string | number> = {
  accountNo: '3100000001',
  amountFen: 12850,
  paidAt: '2026-11-24T02:30:00.000Z',
  dueAt: '2026-12-15T15:59:59.000Z',
  period: '2026年11月',
  note: '感谢您的支持',
  orderNo: 'WO202611240001',
  status: '已派单',
  title: '燃气报修',
  updatedAt: '2026-11-24T02:30:00.000Z',
  technicianName: '李师傅',
  technicianPhone: '13900005678',
  expectedAt: '2026-11-24T06:00:00.000Z',
  startAt: '2026-11-26T01:00:00.000Z',
  endAt: '2026-11-26T09:00:00.000Z',
  address: '朝阳区望京园3号楼2单元501',
  area: '朝阳区望京园',
  reason: '管网检修',
  agentName: '在线客服',
  content: '您好,已为您登记,师傅今天下午上门',
  at: '2026-11-24T02:30:00.000Z',
  noticeId: 'N1',
};

/** Which data keys a mapper reads (recorded while it maps the sample). */
function dataKeysOf(t: EventTemplates): string[] {
  const keys = new Set<string>();
  const probe = new Proxy(SAMPLE, {
    get(target, k) {
      if (typeof k === 'string') keys.add(k);
      return target[k as string];
    },
  });
  t.subscribe.fields(probe);
  t.official.fields(probe);
  return [...keys];
}

const fieldsOf = (rendered: Record<string, { value: string }>) =>
  Object.entries(rendered).map(([key, v]) => ({ key, example: v.value }));

export function templateSettings(deps: AppDeps) {
  const defaults = eventTemplates({ WECHAT_TEMPLATE_IDS: undefined });
  const base = () => messengerFor(deps).templates;

  const describe = (t: EventTemplates, o: TemplateSetting | undefined): MessageTemplate => {
    const channel = (c: 'subscribe' | 'official') => {
      const configured = base()[t.event][c].templateId;
      const def = defaults[t.event][c].templateId;
      return {
        templateId: t[c].templateId,
        defaultTemplateId: def,
        source: o?.[c] ? ('console' as const) : configured !== def ? ('config' as const) : ('default' as const),
        fields: fieldsOf(c === 'subscribe' ? renderSubscribe(t, SAMPLE) : renderOfficial(t, SAMPLE)),
      };
    };
    return {
      id: t.event,
      event: t.event,
      title: t.title,
      subscribe: channel('subscribe'),
      official: channel('official'),
      dataKeys: dataKeysOf(t),
      updatedAt: o ? (o as { updatedAt?: Date }).updatedAt?.toISOString() : undefined,
      updatedBy: o?.updatedBy ?? undefined,
    };
  };

  return {
    async list(): Promise<MessageTemplate[]> {
      const [live, rows] = await Promise.all([liveTemplates(base()), TemplateSettingModel.find({}).lean<TemplateSetting[]>()]);
      const byEvent = new Map(rows.map((r) => [r.event, r]));
      return Object.values(live).map((t) => describe(t, byEvent.get(t.event)));
    },

    async update(auth: StaffAuth, event: MessageEvent, body: UpdateMessageTemplateBody, requestId?: string): Promise<MessageTemplate> {
      const before = await TemplateSettingModel.findOne({ event }).lean<TemplateSetting>();
      const set: Record<string, string> = { updatedBy: auth.username };
      const unset: Record<string, 1> = {};
      for (const [c, v] of [['subscribe', body.subscribeTemplateId], ['official', body.officialTemplateId]] as const) {
        if (v === undefined) continue;
        if (v === null) unset[c] = 1;
        else set[c] = v;
      }
      const after = await TemplateSettingModel.findOneAndUpdate(
        { event },
        { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), $setOnInsert: { event } },
        { upsert: true, new: true },
      ).lean<TemplateSetting>();
      dropTemplateSettingsCache();
      const pick = (d: TemplateSetting | null) => (d ? { subscribe: d.subscribe ?? null, official: d.official ?? null } : { subscribe: null, official: null });
      await audit.record({
        actor: actorOf(auth),
        action: 'messageTemplate.update',
        target: { kind: 'messageTemplate', id: event },
        before: pick(before),
        after: pick(after),
        requestId,
      });
      const live = await liveTemplates(base());
      return describe(live[event], after ?? undefined);
    },
  };
}
