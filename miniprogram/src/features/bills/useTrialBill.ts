/**
 * 试算: the bill a self reading would produce, asked of the server (same tariff and checks as the
 * submit, nothing saved) a moment after the resident stops typing. A refusal (lower than the last
 * reading, far too high) comes back as the server's sentence, before they submit.
 */
import { useEffect, useRef, useState } from 'react';
import type { TrialBill } from '@portal/types';
import { api } from '../../services/api';
import { errorMessage } from '../../services/errors';
import { validateMeterReading } from '../../utils/validation';

const PAUSE_MS = 400;

export function useTrialBill(accountNo: string, reading: string): { trial?: TrialBill; problem?: string } {
  const [state, setState] = useState<{ trial?: TrialBill; problem?: string }>({});
  const latest = useRef(0);
  useEffect(() => {
    const run = ++latest.current;
    setState({});
    if (!accountNo || !reading.trim() || validateMeterReading(reading)) return;
    const timer = setTimeout(() => {
      api
        .call('trialMeterReading', { body: { accountNo, reading: Number(reading) } })
        .then((trial) => run === latest.current && setState({ trial }))
        .catch((e: unknown) => run === latest.current && setState({ problem: errorMessage(e) }));
    }, PAUSE_MS);
    return () => clearTimeout(timer);
  }, [accountNo, reading]);
  return state;
}
