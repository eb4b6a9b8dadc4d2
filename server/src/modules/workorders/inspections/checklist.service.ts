/** The 安检 checklist per utility: read by the technician's form, replaced by admins (audited). */
import type * as T from '@portal/types';
import type { AppDeps } from '../../../deps';
import type { StaffAuth } from '../../../platform/auth/auth';
import { actorOf, audit } from '../../../platform/audit';
import { DEFAULT_CHECKLISTS } from './checklistDefaults';
import { ChecklistModel, type ChecklistDoc } from './checklist.model';

const UTILITIES: T.Utility[] = ['gas', 'water', 'heating'];

const view = (c: ChecklistDoc): T.ChecklistTemplate => ({
  utility: c.utility,
  items: c.items.map((i) => ({ key: i.key, label: i.label })),
  updatedAt: c.updatedAt ? c.updatedAt.toISOString() : null,
  updatedBy: c.updatedBy ?? null,
});

/** Every utility's checklist; a utility nobody edited yet gets the defaults. One round trip. */
export async function listChecklists(): Promise<T.ChecklistTemplate[]> {
  const stored = new Map((await ChecklistModel.find({}).lean<ChecklistDoc[]>()).map((c) => [c.utility, c]));
  return UTILITIES.map((u) => view(stored.get(u) ?? { utility: u, items: DEFAULT_CHECKLISTS[u] }));
}

export async function checklistOf(utility: T.Utility): Promise<T.ChecklistItem[]> {
  const c = await ChecklistModel.findOne({ utility }).lean<ChecklistDoc>();
  return c ? c.items : DEFAULT_CHECKLISTS[utility];
}

export async function replaceChecklist(
  deps: AppDeps,
  auth: StaffAuth,
  utility: T.Utility,
  body: T.ChecklistTemplateBody,
  requestId?: string,
): Promise<T.ChecklistTemplate> {
  const before = await checklistOf(utility);
  const saved = await ChecklistModel.findOneAndUpdate(
    { utility },
    { $set: { items: body.items, updatedBy: auth.username } },
    { upsert: true, new: true },
  ).lean<ChecklistDoc>();
  await audit.record({
    actor: actorOf(auth),
    action: 'inspectionChecklist.replace',
    target: { kind: 'inspectionChecklist', id: utility },
    before: { items: before },
    after: { items: body.items },
    requestId,
    at: deps.clock.now(),
  });
  return view(saved!);
}
