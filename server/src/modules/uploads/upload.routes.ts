/** POST /api/uploads (multipart field "file" as wx.uploadFile sends it, or the raw image bytes); GET with auth or a signed URL. */
import type Koa from 'koa';
import * as T from '@portal/types';
import type { AppDeps } from '../../deps';
import { access, collectRoutes } from '../../platform/http/route';
import { errors } from '../../platform/http/errors';
import { uploadedBytes } from '../../platform/http/upload';
import { MAX_PHOTO_BYTES, readPhoto, storePhoto, verifyPhotoSignature } from './upload.service';

/** The photo: the first file of a multipart body, or raw image bytes (JSON, text or form bodies: 415). */
const readUpload = (ctx: Koa.Context) =>
  uploadedBytes(ctx, {
    maxBytes: MAX_PHOTO_BYTES,
    tooLarge: errors.photoTooLarge,
    missing: '缺少照片文件',
    rawAccepted: (c) => Boolean(c.is('image/*', 'application/octet-stream')),
    unsupported: errors.photoUploadMediaType,
  });

export const uploadRoutes = (deps: AppDeps) =>
  collectRoutes((r) => {
    r.post(
      '/api/uploads',
      {
        operationId: 'uploadPhoto',
        summary: '上传照片',
        description:
          'multipart/form-data with one file (field "file"), or the raw image bytes with Content-Type image/*. JPG/PNG/WebP ≤ 10MB, checked by content.',
        tags: ['uploads'],
        access: access.residentOrStaff(),
        upload: { field: 'file' },
        response: T.UploadedPhoto,
        status: 201,
        errors: { 413: '照片过大', 415: '不是图片' },
      },
      async ({ ctx, auth }) => storePhoto(deps, auth!, await readUpload(ctx)),
    );
    for (const which of ['full', 'thumb'] as const) {
      r.get(
        which === 'full' ? '/api/uploads/:id' : '/api/uploads/:id/thumb',
        {
          operationId: which === 'full' ? 'getPhoto' : 'getPhotoThumb',
          summary: which === 'full' ? '查看照片' : '照片缩略图',
          description:
            'With the bearer token, or without one through the signed URL (exp + sig) that photo listings return.',
          tags: ['uploads'],
          // Public at the router: the handler requires either a valid signature or a token.
          access: access.public,
          params: T.UploadParams,
          query: T.PhotoQuery,
          raw: { contentType: 'image/*' },
          errors: { 401: '未登录,或照片链接已失效', 404: '照片不存在' },
        },
        async ({ ctx, auth, params, query }) => {
          const signed =
            query.exp !== undefined &&
            query.sig !== undefined &&
            verifyPhotoSignature(deps, params.id, which, query.exp, query.sig);
          if (!signed && !auth) throw query.sig ? errors.photoLinkExpired() : errors.unauthenticated();
          const photo = await readPhoto(deps, signed ? 'signed' : auth!, params.id, which);
          ctx.set('Cache-Control', 'private, max-age=86400');
          ctx.set('X-Content-Type-Options', 'nosniff');
          ctx.type = photo.mime;
          ctx.body = photo.bytes;
        },
      );
    }
  });
