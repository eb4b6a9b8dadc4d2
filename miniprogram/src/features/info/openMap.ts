/**
 * Shows a service hall on a map. Taro picks openMap.weapp.ts (WeChat's map, Taro.openLocation) or
 * .h5.ts (a map link) at build time; this file is what type-checking sees.
 */
export { openMap } from './openMap.weapp';
