/** A resident's proven link to an account (own home, parents' home...). */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const bindingSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, ref: 'User' },
    accountId: { type: Schema.Types.ObjectId, required: true, ref: 'Account' },
    accountNo: { type: String, required: true },
    /** 本人 / 家人 / 其他 */
    relation: { type: String, enum: ['self', 'family', 'tenant', 'other'], default: 'self' },
    /** How the resident proved it. */
    proof: {
      type: String,
      enum: ['holderName', 'phoneTail', 'holderNameAndPhoneTail', 'smsCode', 'staff'],
      required: true,
    },
    /** The account's holderRevision when bound; a later 过户 or holder change ends this binding. */
    holderRevision: { type: Number, default: 0 },
    /** The account shown first in the app. */
    isDefault: { type: Boolean, default: false },
  },
  { timestamps: true, collection: 'bindings' },
);

bindingSchema.index({ userId: 1, accountNo: 1 }, { unique: true });
bindingSchema.index({ accountId: 1 });
bindingSchema.index({ accountNo: 1 });

export type Binding = InferSchemaType<typeof bindingSchema> & { _id: mongoose.Types.ObjectId };
export const BindingModel = mongoose.model('Binding', bindingSchema);
