import { z } from './zod';

/** A stored photo: checked by content, with a thumbnail; served only to people allowed to see it. */
export const UploadedPhoto = z
  .object({
    id: z.string(),
    mime: z.enum(['image/jpeg', 'image/png', 'image/webp']),
    size: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    url: z.string().openapi({
      description:
        'Signed URL (about 10 minutes), usable as <Image src> without a token; the path alone works with the bearer token',
    }),
    thumbUrl: z.string().openapi({ description: 'Signed thumbnail URL, like url' }),
  })
  .openapi('UploadedPhoto');
export type UploadedPhoto = z.infer<typeof UploadedPhoto>;

export const UploadParams = z.object({ id: z.string().regex(/^[0-9a-fA-F]{24}$/, '无效的编号') });
export type UploadParams = z.infer<typeof UploadParams>;

/** A signed photo URL's query (see UploadedPhoto.url); without it the bearer token is needed. */
export const PhotoQuery = z.object({
  exp: z.coerce.number().int('无效的有效期').positive('无效的有效期').optional(),
  sig: z
    .string()
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/, '无效的签名')
    .optional(),
});
export type PhotoQuery = z.infer<typeof PhotoQuery>;
