/**
 * 业务指南: residents read the published guides, grouped by category in the order staff chose; admins
 * write, reorder, hide and remove them (audited).
 */
import * as T from '@portal/types';
import type { AuditBy } from '../../platform/audit';
import { errors } from '../../platform/http/errors';
import { editable } from './editable';
import { ServiceGuideModel, type ServiceGuideDoc } from './serviceGuide.model';

const guides = editable<ServiceGuideDoc>(ServiceGuideModel, 'serviceGuide', errors.serviceGuideNotFound);

const view = (d: ServiceGuideDoc): T.ServiceGuide => ({
  id: d._id.toString(),
  category: d.category as T.GuideCategory,
  utility: (d.utility ?? undefined) as T.Utility | undefined,
  title: d.title,
  items: d.items ?? [],
  order: d.order,
  published: d.published,
  updatedAt: d.updatedAt.toISOString(),
});

const ORDER = { category: 1, order: 1, title: 1 } as const;

export async function listPublishedGuides(): Promise<T.ServiceGuideList> {
  const rows = await ServiceGuideModel.find({ published: true }).sort(ORDER).lean<ServiceGuideDoc[]>();
  return { items: rows.map(view) };
}

export async function listAllGuides(): Promise<T.ServiceGuideList> {
  const rows = await ServiceGuideModel.find({}).sort(ORDER).lean<ServiceGuideDoc[]>();
  return { items: rows.map(view) };
}

const stored = (input: T.ServiceGuideInput) => T.ServiceGuideInput.parse(input);

export const createGuide = async (input: T.ServiceGuideInput, by: AuditBy) =>
  view(await guides.create(stored(input), by));

export const updateGuide = async (guideId: string, input: T.ServiceGuideInput, by: AuditBy) =>
  view(await guides.replace(guideId, stored(input), by));

export async function deleteGuide(guideId: string, by: AuditBy): Promise<T.Ok> {
  await guides.remove(guideId, by);
  return { ok: true };
}
