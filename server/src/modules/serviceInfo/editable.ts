/**
 * The writes staff make to information pages (halls and guides alike): create, replace, delete, each
 * audited with the fields that changed. A replace writes the whole entry as the console sent it, so a
 * field cleared in the form is cleared here too.
 */
import mongoose, { type Model } from 'mongoose';
import { audit, type AuditBy } from '../../platform/audit';
import type { AppError } from '../../platform/http/errors';

type Stored = { _id: mongoose.Types.ObjectId; updatedAt: Date; updatedBy: string };

export type Editable<D extends Stored> = {
  create(fields: Omit<D, keyof Stored>, by: AuditBy): Promise<D>;
  replace(id: string, fields: Omit<D, keyof Stored>, by: AuditBy): Promise<D>;
  remove(id: string, by: AuditBy): Promise<void>;
};

export function editable<D extends Stored>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each feature's model, typed by D below
  model: Model<any>,
  kind: string,
  notFound: () => AppError,
): Editable<D> {
  const stamp = (by: AuditBy) => ({ updatedAt: by.at ?? new Date(), updatedBy: by.actor.id });
  const record = (by: AuditBy, action: string, id: string, before?: D | null, after?: D | null) =>
    audit.record({
      ...by,
      action: `${kind}.${action}`,
      target: { kind, id },
      before: before as Record<string, unknown> | undefined,
      after: after as Record<string, unknown> | undefined,
    });
  return {
    async create(fields, by) {
      const created = (await model.create({ ...fields, ...stamp(by) })).toObject() as D;
      await record(by, 'create', created._id.toString(), undefined, created);
      return created;
    },
    async replace(id, fields, by) {
      const _id = new mongoose.Types.ObjectId(id);
      const next = { ...fields, ...stamp(by) };
      const before = await model.findOneAndReplace({ _id }, next, { returnDocument: 'before' }).lean<D>();
      if (!before) throw notFound();
      const after = { ...next, _id } as D;
      await record(by, 'update', id, before, after);
      return after;
    },
    async remove(id, by) {
      const before = await model.findOneAndDelete({ _id: new mongoose.Types.ObjectId(id) }).lean<D>();
      if (!before) throw notFound();
      await record(by, 'delete', id, before, undefined);
    },
  };
}
