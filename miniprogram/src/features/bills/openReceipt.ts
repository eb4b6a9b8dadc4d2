/**
 * Opens a paid bill's PDF receipt. Taro picks openReceipt.weapp.ts (download, then openDocument) or
 * .h5.ts (the browser opens the short signed link) at build time; this file is what type-checking sees.
 */
export { openReceipt } from './openReceipt.weapp';
