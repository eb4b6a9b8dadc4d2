/** Run one API action with a busy flag, a success toast and the error shown in Chinese. */
import { useState } from 'react';
import { reportError, reportSuccess } from '../services/notify';

export function useAction(): [
  busy: boolean,
  run: <T>(fn: () => Promise<T>, done?: string) => Promise<T | undefined>,
] {
  const [busy, setBusy] = useState(false);
  const run = async <T>(fn: () => Promise<T>, done?: string): Promise<T | undefined> => {
    setBusy(true);
    try {
      const r = await fn();
      if (done) reportSuccess(done);
      return r;
    } catch (e) {
      reportError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return [busy, run];
}
