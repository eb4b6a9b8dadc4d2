/**
 * Sends a retired link (see retiredLinks.ts) to the page that serves it now. Taro picks
 * followRetiredLinks.weapp.ts or .h5.ts at build time; this file is what type-checking sees.
 * Called once, before the app starts routing.
 */
export { followRetiredLinks } from './followRetiredLinks.weapp';
