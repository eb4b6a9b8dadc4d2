/** Pages with an opt-in button fetch the subscribe template ids when they open, so the tap never waits for them. */
import { useEffect } from 'react';
import { prefetchSubscribeTemplates } from './subscribeTemplates';

export function usePrefetchSubscribeTemplates(): void {
  useEffect(() => {
    void prefetchSubscribeTemplates();
  }, []);
}
