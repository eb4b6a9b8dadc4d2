/**
 * 服务设置: the service hotline and the chat service hours, in one place the console edits (admin,
 * audited) and everything reads: the server's emergency text and out-of-hours reply, and the resident
 * apps at runtime (`getPublicSettings`). Until an admin saves them, the deployment's config applies
 * (SERVICE_HOTLINE, CHAT_SERVICE_HOURS). Quick replies, the third thing managed on the same console
 * screen, keep their own endpoints in the chat feature.
 */
import { IsoDateTime } from './common';
import { z } from './zod';

/** A phone number residents can dial: 5–8 digit service numbers (95158), 400/800 numbers, landlines. */
export const Hotline = z
  .string()
  .trim()
  .regex(/^[0-9][0-9-]{3,18}[0-9]$/, '服务热线只能包含数字和连字符,5 到 20 位')
  .openapi({ example: '95158' });
export type Hotline = z.infer<typeof Hotline>;

/** A daily window in Asia/Shanghai, "HH:mm-HH:mm"; "00:00-24:00" = always. */
const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
export const DailyHours = z
  .string()
  .regex(/^\d{2}:[0-5]\d-\d{2}:[0-5]\d$/, '服务时间格式应为 08:00-20:00')
  .refine((s) => {
    const [from, to] = s.split('-').map(minuteOf) as [number, number];
    return from < 24 * 60 && to <= 24 * 60 && from !== to;
  }, '服务时间应在 00:00 到 24:00 之间,且开始和结束不同')
  .openapi({ example: '08:00-20:00' });
export type DailyHours = z.infer<typeof DailyHours>;

/** What residents' apps read (no login needed: the hotline is shown before binding). */
export const PublicSettings = z
  .object({ hotline: z.string(), chatServiceHours: z.string() })
  .openapi('PublicSettings');
export type PublicSettings = z.infer<typeof PublicSettings>;

/** 人工费率: fen per hour of field work (staff only; residents never see it). */
export const LabourRate = z
  .number({ error: '人工费率应为数字(分/小时)' })
  .int('人工费率应为整数(分/小时)')
  .min(0, '人工费率不能为负')
  .max(1_000_000, '人工费率最多 10000 元/小时')
  .openapi({ example: 8000 });
export type LabourRate = z.infer<typeof LabourRate>;

export const PortalSettings = PublicSettings.extend({
  /** 人工费率, fen per hour: the labour part of 工单成本 (工时 × 费率). */
  labourRateFen: z.number().int(),
  /** 'config' until an admin saves; then who saved and when. */
  source: z.enum(['config', 'saved']),
  updatedAt: IsoDateTime.nullable(),
  updatedBy: z.string().nullable(),
}).openapi('PortalSettings');
export type PortalSettings = z.infer<typeof PortalSettings>;

export const UpdatePortalSettingsBody = z
  .object({
    hotline: Hotline,
    chatServiceHours: DailyHours,
    /** Left out: the rate stays as it is. */
    labourRateFen: LabourRate.optional(),
  })
  .openapi('UpdatePortalSettingsBody');
export type UpdatePortalSettingsBody = z.infer<typeof UpdatePortalSettingsBody>;
