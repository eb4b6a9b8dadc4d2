/** Loads one operation's result for a screen: data, loading, error and a reload, cancelling stale calls. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CallArgs, CallInput, ResponseOf } from '@portal/types/src/client';
import { call, type StaffOperationId } from '../services/api';

export type QueryResult<T> = { data: T | undefined; loading: boolean; error: unknown; reload: () => void };

/** `operationId` undefined: nothing is fetched yet (a filter must be filled first). */
export function useApiQuery<K extends StaffOperationId>(
  operationId: K | undefined,
  ...args: CallArgs<K>
): QueryResult<ResponseOf<K>> {
  const [data, setData] = useState<ResponseOf<K>>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(Boolean(operationId));
  const [nonce, setNonce] = useState(0);
  const input = (args[0] ?? {}) as CallInput<K>;
  const key = JSON.stringify(input);
  const inputRef = useRef(input);
  inputRef.current = input;

  useEffect(() => {
    if (!operationId) {
      setLoading(false);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    setError(undefined);
    // K is still generic here; the caller's arguments were checked against it above.
    const send = call as (id: K, input: CallInput<K>) => Promise<ResponseOf<K>>;
    send(operationId, { ...inputRef.current, signal: ctrl.signal })
      .then((d) => !ctrl.signal.aborted && setData(d))
      .catch((e: unknown) => {
        if (ctrl.signal.aborted) return;
        setData(undefined);
        setError(e);
      })
      .finally(() => !ctrl.signal.aborted && setLoading(false));
    return () => ctrl.abort();
  }, [operationId, key, nonce]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, loading, error, reload };
}
