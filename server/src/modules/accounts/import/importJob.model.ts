/**
 * One import: the uploaded file (in the file store), its progress chunk by chunk, counts and per-row problems.
 * A job is run by the outbox worker (import.run): `committedRows` is how many data rows of the file are
 * written and counted, so a worker that takes over after a crash starts after them.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

/** Problems kept with the job (and in the downloadable report); more are counted but not kept. */
export const MAX_KEPT_PROBLEMS = 20_000;

const importJobSchema = new Schema(
  {
    kind: { type: String, enum: ['accounts', 'bills'], default: 'accounts' },
    filename: { type: String, required: true },
    by: { kind: String, id: String, name: String },
    requestId: String,
    status: {
      type: String,
      enum: ['queued', 'running', 'done', 'failed', 'cancelled'],
      default: 'running',
    },
    /** Where the uploaded bytes are (file store key); absent for a CLI import read from a stream. */
    fileKey: String,
    fileBytes: Number,
    bytesRead: Number,
    /** Data rows (after the header) whose chunk is written and counted. */
    committedRows: { type: Number, default: 0 },
    total: { type: Number, default: 0 },
    processed: { type: Number, default: 0 },
    inserted: { type: Number, default: 0 },
    updated: { type: Number, default: 0 },
    unchanged: { type: Number, default: 0 },
    failed: { type: Number, default: 0 },
    problems: { type: [{ _id: false, row: Number, column: String, problem: String }], default: [] },
    rowsPerSecond: Number,
    cancelRequested: Boolean,
    /** The lease token of the outbox run that holds the job: only it may commit a chunk. */
    runToken: String,
    runs: { type: Number, default: 0 },
    error: String,
    startedAt: { type: Date, required: true },
    finishedAt: Date,
  },
  { collection: 'importJobs', versionKey: false },
);
importJobSchema.index({ startedAt: -1 });

export type ImportJobDoc = InferSchemaType<typeof importJobSchema> & { _id: mongoose.Types.ObjectId };
export const ImportJobModel = mongoose.model('ImportJob', importJobSchema);
