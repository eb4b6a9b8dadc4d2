/**
 * Information residents read and staff keep: 营业网点 (service halls: address, hours, where on the map,
 * how far from the resident) and 业务指南 (service guides: what to bring for 开户, reading the meter,
 * safety tips). Staff edit them in the console; the apps read them from the server, so a change needs
 * no new release. Current prices come from the tariffs (listTariffs).
 *
 * Coordinates are GCJ-02 (国测局), what Chinese map apps and `wx.getLocation({type: 'gcj02'})` use.
 */
import { z } from './zod';
import { IsoDateTime, ObjectId, Utility } from './common';

const text = (what: string, max: number) =>
  z
    .string({ error: `请填写${what}` })
    .trim()
    .min(1, `请填写${what}`)
    .max(max, `${what}不超过 ${max} 字`);
const yesNo = (what: string) => z.boolean({ error: `${what}应为是或否` });

const Latitude = z
  .number({ error: '纬度应为数字' })
  .min(3, '纬度应在中国境内(3–54)')
  .max(54, '纬度应在中国境内(3–54)');
const Longitude = z
  .number({ error: '经度应为数字' })
  .min(73, '经度应在中国境内(73–136)')
  .max(136, '经度应在中国境内(73–136)');

export const ServiceHallInput = z
  .object({
    name: text('网点名称', 40).openapi({ example: '朝阳营业厅' }),
    address: text('地址', 100).openapi({ example: '朝阳区朝阳路 88 号' }),
    /** As residents read it: "周一至周五 8:30–17:00;周六 9:00–12:00". */
    hours: text('营业时间', 100).openapi({ example: '周一至周日 8:30–17:30' }),
    phone: z
      .string({ error: '电话应为文字' })
      .trim()
      .regex(/^[0-9-]{5,20}$/, '电话只能含数字和连字符(5–20 位)')
      .optional(),
    latitude: Latitude,
    longitude: Longitude,
    /** What can be done there: 开户, 缴费, 过户 ... */
    services: z
      .array(text('业务名称', 20), { error: '可办业务应为列表' })
      .max(20, '业务不超过 20 项')
      .default([]),
    /** Hidden from residents while false (closed for renovation, moved). */
    open: yesNo('营业中').default(true),
  })
  .openapi('ServiceHallInput');
export type ServiceHallInput = z.input<typeof ServiceHallInput>;

export const ServiceHall = z
  .object({
    id: ObjectId,
    name: z.string(),
    address: z.string(),
    hours: z.string(),
    phone: z.string().optional(),
    latitude: z.number(),
    longitude: z.number(),
    services: z.array(z.string()),
    open: z.boolean(),
    /** Metres from the location the resident granted; absent without one. */
    distanceM: z.number().int().optional(),
    updatedAt: IsoDateTime,
  })
  .openapi('ServiceHall');
export type ServiceHall = z.infer<typeof ServiceHall>;

export const ServiceHallList = z.object({ items: z.array(ServiceHall) }).openapi('ServiceHallList');
export type ServiceHallList = z.infer<typeof ServiceHallList>;

/** The resident's location (both or neither): halls come back nearest first, with their distance. */
export const ListServiceHallsQuery = z
  .object({
    lat: z.coerce.number({ error: '纬度应为数字' }).min(-90, '纬度无效').max(90, '纬度无效').optional(),
    lng: z.coerce.number({ error: '经度应为数字' }).min(-180, '经度无效').max(180, '经度无效').optional(),
  })
  .refine((q) => (q.lat === undefined) === (q.lng === undefined), {
    message: '经度和纬度须同时提供',
    path: ['lng'],
  });
export type ListServiceHallsQuery = z.infer<typeof ListServiceHallsQuery>;

export const ServiceHallParams = z.object({ hallId: ObjectId });
export type ServiceHallParams = z.infer<typeof ServiceHallParams>;

/** business = 业务办理 (开户, 过户 ...), meter = 抄表与计量, safety = 安全用气/用水/用暖. */
export const GuideCategory = z.enum(['business', 'meter', 'safety'], {
  error: '类别应为业务办理、抄表与读数或安全提示',
});
export type GuideCategory = z.infer<typeof GuideCategory>;

export const ServiceGuideInput = z
  .object({
    category: GuideCategory,
    /** The utility it is about; absent: all of them. */
    utility: z.enum(Utility.options, { error: '适用范围应为燃气、供水或供热' }).optional(),
    title: text('标题', 40).openapi({ example: '开户需要带什么' }),
    /** One line each: shown as a numbered list of steps or items. */
    items: z
      .array(text('条目', 300), { error: '请填写内容' })
      .min(1, '至少写一条内容')
      .max(30, '条目不超过 30 条'),
    /** Lower first. */
    order: z
      .number({ error: '排序应为数字' })
      .int('排序应为整数')
      .min(0, '排序应在 0–999 之间')
      .max(999, '排序应在 0–999 之间')
      .default(100),
    published: yesNo('发布').default(true),
  })
  .openapi('ServiceGuideInput');
export type ServiceGuideInput = z.input<typeof ServiceGuideInput>;

export const ServiceGuide = z
  .object({
    id: ObjectId,
    category: GuideCategory,
    utility: Utility.optional(),
    title: z.string(),
    items: z.array(z.string()),
    order: z.number().int(),
    published: z.boolean(),
    updatedAt: IsoDateTime,
  })
  .openapi('ServiceGuide');
export type ServiceGuide = z.infer<typeof ServiceGuide>;

export const ServiceGuideList = z.object({ items: z.array(ServiceGuide) }).openapi('ServiceGuideList');
export type ServiceGuideList = z.infer<typeof ServiceGuideList>;

export const ServiceGuideParams = z.object({ guideId: ObjectId });
export type ServiceGuideParams = z.infer<typeof ServiceGuideParams>;
