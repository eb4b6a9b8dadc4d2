/** One document per year: that year's public holidays and make-up working days, as entered. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const holidayYearSchema = new Schema(
  {
    _id: { type: Number, required: true }, // the year
    days: {
      type: [
        {
          _id: false,
          date: { type: String, required: true },
          kind: { type: String, enum: ['holiday', 'workday'], required: true },
          name: { type: String, required: true },
        },
      ],
      default: [],
    },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'holidayYears', versionKey: false },
);

export type HolidayYearDoc = InferSchemaType<typeof holidayYearSchema>;
export const HolidayYearModel = mongoose.model('HolidayYear', holidayYearSchema);
