/** One import run: progress (polled by the console while it runs), counts, and the per-row problems. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Problems kept with the job (and in the downloadable report); more are counted but not kept. */
export const MAX_KEPT_PROBLEMS = 20_000;

const importJobSchema = new Schema(
  {
    kind: { type: String, enum: ['accounts', 'bills'], default: 'accounts' },
    filename: { type: String, required: true },
    by: { kind: String, id: String, name: String },
    status: { type: String, enum: ['running', 'done', 'failed'], default: 'running' },
    total: { type: Number, default: 0 },
    processed: { type: Number, default: 0 },
    inserted: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    problems: { type: [{ _id: false, row: Number, column: String, problem: String }], default: [] },
    rowsPerSecond: Number,
    error: String,
    startedAt: { type: Date, required: true },
    finishedAt: Date,
  },
  { collection: 'importJobs', versionKey: false },
);
importJobSchema.index({ startedAt: -1 });

export type ImportJobDoc = InferSchemaType<typeof importJobSchema> & { _id: mongoose.Types.ObjectId };
export const ImportJobModel = mongoose.model('ImportJob', importJobSchema);
