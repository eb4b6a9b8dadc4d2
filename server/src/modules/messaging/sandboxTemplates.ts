/** Registers every event's templates in the WeChat sandbox (demo start, tests): same ids and field keys. */
import type { MessageEvent } from '@portal/types';
import { templateKeys, type EventTemplates } from './templates';

type TemplateRegistry = {
  addTemplate(o: { keys: string[]; templateId?: string; title?: string; app?: 'mp' | 'oa' }): Promise<unknown>;
};

export async function registerSandboxTemplates(client: TemplateRegistry, templates: Record<MessageEvent, EventTemplates>): Promise<void> {
  for (const t of Object.values(templates)) {
    await client.addTemplate({ app: 'mp', templateId: t.subscribe.templateId, title: t.title, keys: templateKeys(t, 'subscribe') });
    await client.addTemplate({ app: 'oa', templateId: t.official.templateId, title: t.title, keys: templateKeys(t, 'official') });
  }
}
