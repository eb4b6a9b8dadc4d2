/** Every feature of the portal. Add yours here (one line). */
import type { Feature } from '../platform/feature';

export const features: Feature[] = [];
