import { z } from './zod';

/** A stored photo: checked by content, with a thumbnail; served only to people allowed to see it. */
export const UploadedPhoto = z
  .object({
    id: z.string(),
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    size: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    url: z.string().openapi({ description: 'GET with the bearer token' }),
    thumbUrl: z.string(),
  })
  .openapi('UploadedPhoto');
export type UploadedPhoto = z.infer<typeof UploadedPhoto>;

export const UploadParams = z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, '无效的编号') });
