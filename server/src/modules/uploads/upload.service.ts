/**
 * Photo uploads: the type is decided by the bytes (magic numbers), then the image must actually
 * decode; EXIF is dropped by re-encoding, a 320 px JPEG thumbnail is made, and both go to the file
 * store shared by every instance (deps.files: GridFS or S3) under `photos/<upload.file>`, served only
 * through the authenticated endpoint.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import mongoose from 'mongoose';
import sharp from 'sharp';
import type { UploadedPhoto } from '@portal/types';
import type { AppDeps } from '../../deps';
import type { Auth, StaffAuth } from '../../platform/auth/auth';
import { areaScope, inArea } from '../../platform/auth/areaScope';
import { errors } from '../../platform/http/errors';
import { accountAreas, boundAccountNos } from '../accounts';
import { UploadModel, type Upload } from './upload.model';

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
const THUMB_PX = 320;
type Mime = UploadedPhoto['mime'];

/** The image type named by the first bytes, or undefined for anything else (HTML, PDF, scripts...). */
export function sniffImage(buf: Buffer): Mime | undefined {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'image/jpeg';
  if (
    buf.length >= 8 &&
    buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png';
  if (buf.length >= 12 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP')
    return 'image/webp';
  return undefined;
}

/** The store key of an upload's file or thumbnail (`upload.file` / `upload.thumb`, as before the store: YYYY/MM/<id>.<ext>). */
export const photoKey = (file: string) => `photos/${file}`;

export const photoUrls = (id: string) => ({
  url: `/api/uploads/${id}`,
  thumbUrl: `/api/uploads/${id}/thumb`,
});

/**
 * Signed photo URLs, for `<Image src>` which cannot send the bearer token: an HMAC (session secret) over
 * the photo id, the variant (full/thumb) and the expiry. The expiry is rounded up to a 5-minute step so
 * the same photo keeps one URL (and one cache entry) for a while; a URL lives 10–15 minutes.
 */
export const PHOTO_URL_TTL_SECONDS = 600;
const PHOTO_URL_STEP_SECONDS = 300;
type PhotoVariant = 'full' | 'thumb';
export type PhotoSigner = (id: string) => { url: string; thumbUrl: string };

const photoMac = (secret: string, id: string, which: PhotoVariant, exp: number) =>
  createHmac('sha256', secret).update(`photo:${id}:${which}:${exp}`).digest('base64url');

export function signedPhotoUrl(
  deps: Pick<AppDeps, 'secrets' | 'clock'>,
  id: string,
  which: PhotoVariant,
): string {
  const now = Math.floor(deps.clock.now().getTime() / 1000);
  const exp = Math.ceil((now + PHOTO_URL_TTL_SECONDS) / PHOTO_URL_STEP_SECONDS) * PHOTO_URL_STEP_SECONDS;
  const base = which === 'thumb' ? `/api/uploads/${id}/thumb` : `/api/uploads/${id}`;
  return `${base}?exp=${exp}&sig=${photoMac(deps.secrets.session, id, which, exp)}`;
}

/** Signs both variants of a photo; give it only to callers who may see the photo. */
export const photoSigner =
  (deps: Pick<AppDeps, 'secrets' | 'clock'>): PhotoSigner =>
  (id) => ({ url: signedPhotoUrl(deps, id, 'full'), thumbUrl: signedPhotoUrl(deps, id, 'thumb') });

/** True when `sig` was made by signedPhotoUrl for this id and variant and `exp` has not passed. */
export function verifyPhotoSignature(
  deps: Pick<AppDeps, 'secrets' | 'clock'>,
  id: string,
  which: PhotoVariant,
  exp: number,
  sig: string,
): boolean {
  if (exp * 1000 <= deps.clock.now().getTime()) return false;
  if (exp - deps.clock.now().getTime() / 1000 > PHOTO_URL_TTL_SECONDS + PHOTO_URL_STEP_SECONDS) return false;
  const want = Buffer.from(photoMac(deps.secrets.session, id, which, exp));
  const got = Buffer.from(sig);
  return got.length === want.length && timingSafeEqual(got, want);
}

const view = (u: Upload, sign: PhotoSigner): UploadedPhoto => ({
  id: String(u._id),
  mime: u.mime as Mime,
  size: u.size,
  width: u.width,
  height: u.height,
  ...sign(String(u._id)),
});

export async function storePhoto(deps: AppDeps, auth: Auth, bytes: Buffer): Promise<UploadedPhoto> {
  if (bytes.length === 0) throw errors.emptyFile();
  if (bytes.length > MAX_PHOTO_BYTES) throw errors.photoTooLarge(MAX_PHOTO_BYTES / 1048576);
  const mime = sniffImage(bytes);
  if (!mime) throw errors.notAnImage();
  let full: Buffer;
  let thumb: Buffer;
  let meta: { width: number; height: number };
  try {
    // rotate() applies the EXIF orientation; re-encoding drops EXIF (GPS) from what is stored.
    const img = sharp(bytes, { limitInputPixels: 50_000_000 }).rotate();
    const out = await img
      .toFormat(mime === 'image/png' ? 'png' : mime === 'image/webp' ? 'webp' : 'jpeg')
      .toBuffer({ resolveWithObject: true });
    full = out.data;
    meta = { width: out.info.width, height: out.info.height };
    thumb = await sharp(full)
      .resize(THUMB_PX, THUMB_PX, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75 })
      .toBuffer();
  } catch {
    throw errors.brokenImage();
  }
  const id = new mongoose.Types.ObjectId();
  const now = deps.clock.now();
  const rel = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
  const file = `${rel}/${id}.${mime.split('/')[1]}`;
  const thumbFile = `${rel}/${id}.thumb.jpg`;
  // Bytes first, record second: a crash in between leaves unreferenced bytes, never a record without them.
  await deps.files.put(photoKey(file), full, mime);
  await deps.files.put(photoKey(thumbFile), thumb, 'image/jpeg');
  const doc = await UploadModel.create({
    _id: id,
    owner:
      auth.kind === 'resident' ? { kind: 'resident', id: auth.userId } : { kind: 'staff', id: auth.staffId },
    mime,
    size: full.length,
    ...meta,
    sha256: createHash('sha256').update(full).digest('hex'),
    file,
    thumb: thumbFile,
  });
  return view(doc.toObject() as Upload, photoSigner(deps));
}

/**
 * Every photo a request names (an order's photos, a chat image, a meter reading, a technician's proof)
 * must be one the caller may use: their own upload, or one already on an account bound to them
 * (residents) or on the account the record is about (staff). Anything else is "not found": photo ids
 * are guessable, and naming one must never be a way to see it. With `accountNo` the photos become
 * visible to that account's residents.
 */
export async function claimPhotos(
  auth: Auth,
  ids: string[],
  accountNo?: string,
  opts: { ownOnly?: boolean } = {},
): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const usable = opts.ownOnly
    ? await ownPhotoIds(auth, unique)
    : await usablePhotoIds(auth, unique, accountNo);
  if (usable.length !== unique.length) throw errors.photoNotFound();
  if (accountNo)
    await UploadModel.updateMany({ _id: { $in: unique } }, { $addToSet: { accountNos: accountNo } });
}

/**
 * The ids among `ids` the caller uploaded themselves (documents a resident hands in, e.g. for 开户: a
 * photo of a household they are bound to is not their document).
 */
async function ownPhotoIds(auth: Auth, ids: string[]): Promise<string[]> {
  const wellFormed = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id));
  if (!wellFormed.length) return [];
  const owner = {
    'owner.kind': auth.kind,
    'owner.id': auth.kind === 'resident' ? auth.userId : auth.staffId,
  };
  const found = new Set(
    (await UploadModel.find({ _id: { $in: wellFormed }, ...owner }, { _id: 1 }).lean()).map((u) =>
      String(u._id),
    ),
  );
  return ids.filter((id) => found.has(id.toLowerCase()));
}

/** The ids among `ids` that the caller may use (see claimPhotos), in their order. */
export async function usablePhotoIds(auth: Auth, ids: string[], accountNo?: string): Promise<string[]> {
  const wellFormed = ids.filter((id) => /^[0-9a-f]{24}$/i.test(id));
  if (!wellFormed.length) return [];
  const reach: Record<string, unknown>[] = [
    { 'owner.kind': auth.kind, 'owner.id': auth.kind === 'resident' ? auth.userId : auth.staffId },
  ];
  if (auth.kind === 'resident') {
    const mine = await boundAccountNos(auth.userId);
    if (mine.length) reach.push({ accountNos: { $in: mine } });
  } else if (accountNo) reach.push({ accountNos: accountNo });
  const found = new Set(
    (await UploadModel.find({ _id: { $in: wellFormed }, $or: reach }, { _id: 1 }).lean()).map((u) =>
      String(u._id),
    ),
  );
  return ids.filter((id) => found.has(id.toLowerCase()));
}

/**
 * Staff read a photo by id when they uploaded it or it belongs to an account in their areas (work-order
 * policy); photos sent in chat reach the online desk through the signed URLs of the conversation.
 */
async function staffMayRead(auth: StaffAuth, u: Upload): Promise<boolean> {
  if (u.owner?.kind === 'staff' && u.owner.id === auth.staffId) return true;
  if (areaScope(auth, 'workOrders').all) return true;
  if (!u.accountNos.length) return false;
  const accounts = await accountAreas(u.accountNos);
  return accounts.some((a) => inArea(auth, 'workOrders', a.areaCode));
}

/**
 * The photo's bytes for a caller who may see it: `auth` is checked against the owner and the accounts;
 * `'signed'` means a valid signed URL (verifyPhotoSignature) already stands for that check.
 */
export async function readPhoto(
  deps: AppDeps,
  auth: Auth | 'signed',
  id: string,
  which: PhotoVariant,
): Promise<{ mime: string; bytes: Buffer }> {
  const u = await UploadModel.findById(id).lean<Upload>();
  if (!u) throw errors.photoNotFound();
  if (auth !== 'signed' && auth.kind === 'resident' && u.owner?.id !== auth.userId) {
    const mine = await boundAccountNos(auth.userId);
    if (!u.accountNos.some((a) => mine.includes(a))) throw errors.photoNotFound();
  }
  if (auth !== 'signed' && auth.kind === 'staff' && !(await staffMayRead(auth, u)))
    throw errors.photoNotFound();
  const bytes = await deps.files.get(photoKey(which === 'thumb' ? u.thumb : u.file));
  if (!bytes) throw errors.photoNotFound();
  return { mime: which === 'thumb' ? 'image/jpeg' : u.mime, bytes };
}
