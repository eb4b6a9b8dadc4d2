import type { Feature } from '../../platform/feature';
import { uploadRoutes } from './upload.routes';

export const uploadsFeature: Feature = { name: 'uploads', routes: uploadRoutes };
