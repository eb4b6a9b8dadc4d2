/** Uploads: the public face other features use (photos attached to orders and chat messages). */
export { photoUrls, photoSigner, claimPhotos, usablePhotoIds, type PhotoSigner } from './upload.service';
export { migrateLocalPhotos, type PhotoMigration } from './migrateLocal';
export { forgetUploader, pruneUnusedUploads } from './erasure';
