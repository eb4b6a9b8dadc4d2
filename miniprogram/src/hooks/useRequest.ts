/** Load data for a page: loading, slow (still loading after 5 s), error as a sentence, reload. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../services/errors';

export type RequestState<T> = {
  data: T | undefined;
  loading: boolean;
  slow: boolean;
  error: string | undefined;
  errorCode: string | undefined;
  reload: () => void;
};

export function useRequest<T>(
  load: () => Promise<T>,
  deps: readonly unknown[] = [],
  enabled = true,
): RequestState<T> {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(enabled);
  const [slow, setSlow] = useState(false);
  const [error, setError] = useState<{ message: string; code?: string }>();
  const [nonce, setNonce] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (!enabled) return;
    const run = ++latest.current;
    setLoading(true);
    setSlow(false);
    setError(undefined);
    const timer = setTimeout(() => run === latest.current && setSlow(true), 5000);
    load()
      .then((value) => run === latest.current && setData(value))
      .catch((e: unknown) => {
        if (run !== latest.current) return;
        setError({ message: errorMessage(e), code: e instanceof ApiError ? e.code : undefined });
      })
      .finally(() => {
        clearTimeout(timer);
        if (run === latest.current) {
          setLoading(false);
          setSlow(false);
        }
      });
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, nonce, enabled]);

  const reload = useCallback(() => setNonce((n) => n + 1), []);
  return { data, loading, slow, error: error?.message, errorCode: error?.code, reload };
}
