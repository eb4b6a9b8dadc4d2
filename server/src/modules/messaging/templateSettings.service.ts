/**
 * The 消息模板 admin: each event's templates with their keyword mappings, the templates in the utility's
 * WeChat accounts, and setting a template + mapping per channel (checked against the template's keywords
 * as WeChat lists them, then audited).
 */
import type {
  KeywordRule,
  MessageEvent,
  MessageTemplate,
  MessageTemplateChannelSetting,
  UpdateMessageTemplateBody,
  WechatTemplateList,
} from '@portal/types';
import type { AppDeps } from '../../deps';
import { actorOf, audit } from '../../platform/audit';
import type { StaffAuth } from '../../platform/auth/auth';
import { errors } from '../../platform/http/errors';
import { fieldType } from './fieldRules';
import {
  checkMapping,
  describeFields,
  renderMapping,
  sampleData,
  type MappingProblem,
} from './keywordMapping';
import { dropTemplateSettingsCache, liveTemplates, storedChannel } from './liveTemplates';
import { messengerFor } from './sendMessage.job';
import { TemplateSettingModel, type TemplateSetting } from './templateSetting.model';
import { eventTemplates, type EventTemplates } from './templates';

type Channel = 'subscribe' | 'official';
const CHANNELS: Channel[] = ['subscribe', 'official'];
const APP: Record<Channel, 'mp' | 'oa'> = { subscribe: 'mp', official: 'oa' };

export function templateSettings(deps: AppDeps) {
  const defaults = eventTemplates({ WECHAT_TEMPLATE_IDS: undefined });
  const messenger = () => messengerFor(deps);
  const base = () => messenger().templates;

  const describe = (t: EventTemplates, o: TemplateSetting | undefined): MessageTemplate => {
    const sample = sampleData(t.fields);
    const channel = (c: Channel) => {
      const configured = base()[t.event][c].templateId;
      const def = defaults[t.event][c].templateId;
      const rendered = renderMapping(t.fields, t[c].mapping, sample);
      return {
        templateId: t[c].templateId,
        defaultTemplateId: def,
        source: storedChannel(o?.[c])
          ? ('console' as const)
          : configured !== def
            ? ('config' as const)
            : ('default' as const),
        mapping: Object.entries(t[c].mapping).map(([keyword, source]) => ({
          keyword,
          source,
          example: rendered[keyword].value,
        })),
      };
    };
    return {
      id: t.event,
      event: t.event,
      title: t.title,
      subscribe: channel('subscribe'),
      official: channel('official'),
      dataFields: describeFields(t.fields),
      updatedAt: o ? (o as { updatedAt?: Date }).updatedAt?.toISOString() : undefined,
      updatedBy: o?.updatedBy ?? undefined,
    };
  };

  /** The templates in one account, as WeChat lists them (each call asks WeChat: what staff pick from must be current). */
  const wechatTemplates = (c: Channel) => messenger().wechat.listTemplates(APP[c]);

  /** Problems with a channel setting: the template must be in the account, the mapping must fit its keywords. */
  async function check(
    t: EventTemplates,
    c: Channel,
    setting: MessageTemplateChannelSetting,
  ): Promise<MappingProblem[]> {
    const template = (await wechatTemplates(c)).find((x) => x.templateId === setting.templateId);
    if (!template) {
      const where = c === 'subscribe' ? '小程序' : '公众号';
      return [
        {
          path: `body.${c}.templateId`,
          message: `${where}的模板列表中没有此模板,请先在微信公众平台选用模板`,
        },
      ];
    }
    return checkMapping(
      t.fields,
      template.keywords.map((k) => k.keyword),
      setting.mapping,
      `body.${c}.mapping`,
    );
  }

  return {
    async list(): Promise<MessageTemplate[]> {
      const [live, rows] = await Promise.all([
        liveTemplates(base()),
        TemplateSettingModel.find({}).lean<TemplateSetting[]>(),
      ]);
      const byEvent = new Map(rows.map((r) => [r.event, r]));
      return Object.values(live).map((t) => describe(t, byEvent.get(t.event)));
    },

    async wechatTemplates(): Promise<WechatTemplateList> {
      const [subscribe, official] = await Promise.all(CHANNELS.map(wechatTemplates));
      const withRules = (list: typeof subscribe) =>
        list.map((t) => ({
          ...t,
          keywords: t.keywords.map((k) => ({ ...k, rule: fieldType(k.keyword) as KeywordRule | undefined })),
        }));
      return { subscribe: withRules(subscribe), official: withRules(official) };
    },

    async update(
      auth: StaffAuth,
      event: MessageEvent,
      body: UpdateMessageTemplateBody,
      requestId?: string,
    ): Promise<MessageTemplate> {
      const t = (await liveTemplates(base()))[event];
      const problems: MappingProblem[] = [];
      for (const c of CHANNELS) {
        const setting = body[c];
        if (setting) problems.push(...(await check(t, c, setting)));
      }
      if (problems.length) throw errors.validation(problems);

      const before = await TemplateSettingModel.findOne({ event }).lean<TemplateSetting>();
      const set: Record<string, unknown> = { updatedBy: auth.username };
      const unset: Record<string, 1> = {};
      for (const c of CHANNELS) {
        const v = body[c];
        if (v === undefined) continue;
        if (v === null) unset[c] = 1;
        else set[c] = { templateId: v.templateId, mapping: v.mapping };
      }
      const after = await TemplateSettingModel.findOneAndUpdate(
        { event },
        { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}), $setOnInsert: { event } },
        { upsert: true, new: true },
      ).lean<TemplateSetting>();
      dropTemplateSettingsCache();
      const pick = (d: TemplateSetting | null) => ({
        subscribe: storedChannel(d?.subscribe) ?? null,
        official: storedChannel(d?.official) ?? null,
      });
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
