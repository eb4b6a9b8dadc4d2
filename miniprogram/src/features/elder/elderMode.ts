/**
 * 长辈版 (elder mode), to MIIT's 《移动互联网应用(App)适老化通用设计规范》: larger text (main ≥ 18,
 * largest ≥ 30), tap targets ≥ 60, the simpler home. Styles come from tokens (CSS variables in
 * app.scss) that the `elder` class on the root overrides, so every page scales with no page-specific
 * code: on H5 the class sits on <html>; on the mini-program each page's root view takes `elderClass`.
 *
 * Remembered per resident: on their record (setElderMode, Me.elderMode) and in local storage, which
 * also covers the moments before login.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { api } from '../../services/api';
import { sessionStore } from '../../services/session';

const KEY = 'portal.elderMode';
const EVENT = 'elderModeChanged';

export function isElderMode(): boolean {
  try {
    return Taro.getStorageSync(KEY) === true;
  } catch {
    return false;
  }
}

function apply(on: boolean) {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') {
    document.documentElement.classList.toggle('elder', on);
  }
  Taro.eventCenter.trigger(EVENT, on);
}

function remember(on: boolean) {
  Taro.setStorageSync(KEY, on);
  apply(on);
}

/** The resident switches: remembered here at once, and on their record when signed in. */
export async function setElderMode(on: boolean): Promise<void> {
  remember(on);
  if (!sessionStore.get()) return;
  await api.call('setElderMode', { body: { elderMode: on } }).catch(() => undefined);
}

/** At launch: the stored choice at once, then the resident's record (another device may have changed it). */
export function restoreElderMode(): void {
  apply(isElderMode());
  if (!sessionStore.get()) return;
  api
    .call('getMe')
    .then((me) => me.elderMode !== isElderMode() && remember(me.elderMode))
    .catch(() => undefined);
}

/** Whether elder mode is on, following every switch. */
export function useElderMode(): boolean {
  const [on, setOn] = useState(isElderMode);
  useEffect(() => {
    const follow = (v: boolean) => setOn(v);
    Taro.eventCenter.on(EVENT, follow);
    // A switch between the first render and this subscription (the resident's record arriving at launch
    // before the page mounted) would otherwise be missed: read the stored choice again now.
    setOn(isElderMode());
    return () => {
      Taro.eventCenter.off(EVENT, follow);
    };
  }, []);
  return on;
}

/** The class a page's root view takes (the mini-program has no shared root element to carry it). */
export const elderClass = (on: boolean) => (on ? 'elder' : '');
