/** Tests inject a crash after an effect step (the step is done, its stamp may or may not be written). */
export type EffectStep =
  | 'approved'
  | 'finalBill'
  | 'arrearsCarried'
  | 'occupancy'
  | 'creditRefund'
  | 'accountOpened'
  | 'activationOrder'
  | 'completed';
export type FaultPoint = { after: EffectStep; beforeStamp?: boolean };
let fault: FaultPoint | undefined;
export function injectEffectFault(f: FaultPoint | undefined): void {
  fault = f;
}
export function crashIf(step: EffectStep, beforeStamp: boolean): void {
  if (fault && fault.after === step && Boolean(fault.beforeStamp) === beforeStamp) {
    fault = undefined;
    throw new Error(`injected crash after ${step}`);
  }
}
