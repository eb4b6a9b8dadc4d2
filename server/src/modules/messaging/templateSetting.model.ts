/** message_templates: template ids set by an admin in the console; they win over WECHAT_TEMPLATE_IDS. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const templateSettingSchema = new Schema(
  {
    event: { type: String, required: true },
    subscribe: { type: String },
    official: { type: String },
    updatedBy: { type: String },
  },
  { timestamps: true, collection: 'message_templates', minimize: true },
);
templateSettingSchema.index({ event: 1 }, { unique: true });

export type TemplateSetting = InferSchemaType<typeof templateSettingSchema> & { _id: mongoose.Types.ObjectId };
export const TemplateSettingModel = mongoose.model('MessageTemplateSetting', templateSettingSchema);
