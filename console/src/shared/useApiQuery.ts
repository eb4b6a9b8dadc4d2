/** Loads one operation's result for a screen: data, loading, error and a reload, cancelling stale calls. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, type CallInput } from '../services/api';

export type QueryResult<T> = { data: T | undefined; loading: boolean; error: unknown; reload: () => void };

export function useApiQuery<T>(operationId: string | undefined, input: Omit<CallInput, 'signal'> = {}): QueryResult<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(Boolean(operationId));
  const [nonce, setNonce] = useState(0);
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
    call<T>(operationId, { ...inputRef.current, signal: ctrl.signal })
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
