/** The materials catalogue: listed to every field role, edited by admins (audited). */
import type * as T from '@portal/types';
import { audit, type AuditBy } from '../../../platform/audit';
import { errors } from '../../../platform/http/errors';
import { MaterialModel } from './material.model';

type MaterialDoc = T.CatalogueMaterialBody & { updatedAt?: Date };

export const materialView = (m: MaterialDoc): T.CatalogueMaterial => ({
  code: m.code,
  name: m.name,
  spec: m.spec || undefined,
  unit: m.unit,
  unitCostFen: m.unitCostFen,
  active: m.active !== false,
  updatedAt: m.updatedAt?.toISOString(),
});

export async function listMaterials(): Promise<T.CatalogueMaterial[]> {
  const rows = await MaterialModel.find({}).sort({ active: -1, code: 1 }).limit(2000).lean<MaterialDoc[]>();
  return rows.map(materialView);
}

/** The active catalogue entries for these codes (one query). */
export async function activeMaterials(codes: string[]): Promise<Map<string, MaterialDoc>> {
  const rows = await MaterialModel.find({ code: { $in: codes }, active: true }).lean<MaterialDoc[]>();
  return new Map(rows.map((m) => [m.code, m]));
}

export async function createMaterial(body: T.CatalogueMaterialBody, by: AuditBy) {
  if (await MaterialModel.exists({ code: body.code })) throw errors.materialExists(body.code);
  const made = await MaterialModel.create(body);
  await audit.record({
    ...by,
    action: 'materials.create',
    target: { kind: 'material', id: body.code },
    before: null,
    after: body,
  });
  return materialView(made.toObject() as MaterialDoc);
}

/** The code stays; a changed cost applies to orders recorded from now on (recorded ones keep theirs). */
export async function updateMaterial(code: string, body: T.CatalogueMaterialBody, by: AuditBy) {
  const before = await MaterialModel.findOne({ code }).lean<MaterialDoc>();
  if (!before) throw errors.materialNotFound(code);
  const { code: _ignored, ...rest } = body;
  const after = await MaterialModel.findOneAndUpdate(
    { code },
    { $set: rest },
    { new: true },
  ).lean<MaterialDoc>();
  await audit.record({
    ...by,
    action: 'materials.update',
    target: { kind: 'material', id: code },
    before: materialView(before),
    after: rest,
  });
  return materialView(after!);
}
