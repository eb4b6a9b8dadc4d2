/**
 * The demo and the tests act as a utility setting up WeChat: they pick, in the sandbox's template
 * library, the templates the built-in mappings were made for (RECOMMENDED_PICKS), under the ids the
 * portal is configured with. A mapping that does not fit its template is then refused by the sandbox
 * as WeChat refuses it (47003).
 */
import type { MessageEvent } from '@portal/types';
import { RECOMMENDED_PICKS, type EventTemplates } from './templates';

type TemplatePicker = {
  addTemplate(o: {
    app: 'mp' | 'oa';
    tid: string;
    kidList?: number[];
    keywordNames?: string[];
    templateId?: string;
  }): Promise<unknown>;
};

export async function registerSandboxTemplates(
  client: TemplatePicker,
  templates: Record<MessageEvent, EventTemplates>,
): Promise<void> {
  for (const t of Object.values(templates)) {
    const pick = RECOMMENDED_PICKS[t.event];
    await client.addTemplate({ app: 'mp', templateId: t.subscribe.templateId, ...pick.subscribe });
    await client.addTemplate({ app: 'oa', templateId: t.official.templateId, ...pick.official });
  }
}
