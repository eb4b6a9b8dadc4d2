/**
 * message_templates: per event, the template and keyword mapping an admin set in the console for each
 * channel (`{templateId, mapping}`); they win over WECHAT_TEMPLATE_IDS and the built-in ones. (A plain
 * string is a template id saved before mappings existed: it keeps the built-in mapping.)
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const templateSettingSchema = new Schema(
  {
    event: { type: String, required: true },
    subscribe: { type: Schema.Types.Mixed },
    official: { type: Schema.Types.Mixed },
    updatedBy: { type: String },
  },
  { timestamps: true, collection: 'message_templates', minimize: true },
);
templateSettingSchema.index({ event: 1 }, { unique: true });

export type TemplateSetting = InferSchemaType<typeof templateSettingSchema> & {
  _id: mongoose.Types.ObjectId;
};
export const TemplateSettingModel = mongoose.model('MessageTemplateSetting', templateSettingSchema);
