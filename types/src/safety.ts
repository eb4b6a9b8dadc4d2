/**
 * What a resident who smells gas must do, in the order to do it: one text for the mini-program's emergency
 * card and for the server's answer to a gas-leak report. Plain data with no zod import, so both apps import
 * this file directly (`@portal/types/src/safety`).
 */
export const GAS_LEAK_TITLE = '闻到燃气味?请立即:';

/** The steps, the last one with the hotline when one is known. */
export function gasLeakSteps(hotline?: string): string[] {
  return [
    '不要开关任何电器,不要使用明火,不要在室内打电话',
    '关闭燃气表前阀门',
    '打开门窗通风',
    hotline ? `迅速离开到室外安全处,拨打抢修热线 ${hotline}` : '迅速离开到室外安全处,拨打抢修热线',
  ];
}
