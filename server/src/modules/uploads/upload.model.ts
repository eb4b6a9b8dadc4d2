/** uploads: photos stored under DATA_DIR/uploads (outside any web root), with who may see them. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const uploadSchema = new Schema(
  {
    owner: {
      kind: { type: String, enum: ['resident', 'staff'], required: true },
      id: { type: String, required: true },
    },
    mime: { type: String, required: true },
    size: { type: Number, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    sha256: { type: String, required: true },
    /** Paths relative to DATA_DIR/uploads. */
    file: { type: String, required: true },
    thumb: { type: String, required: true },
    /** Accounts whose residents may see it (set when an order uses the photo). */
    accountNos: { type: [String], default: [] },
  },
  { timestamps: true, collection: 'uploads' },
);
uploadSchema.index({ 'owner.id': 1, createdAt: -1 });
uploadSchema.index({ accountNos: 1 });

export type Upload = InferSchemaType<typeof uploadSchema> & { _id: mongoose.Types.ObjectId };
export const UploadModel = mongoose.model('Upload', uploadSchema);
