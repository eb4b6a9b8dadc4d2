/**
 * The hotline and chat service hours, as staff set them in the console (getPublicSettings): read at run
 * time so a change needs no new release. Fetched once per launch and shared; the last answer is kept in
 * storage so the number shows at once next time, and offline.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import type { PublicSettings } from '@portal/types';
import { api } from '../../services/api';

const KEY = 'portal.settings.v1';
let pending: Promise<PublicSettings | undefined> | undefined;

function stored(): PublicSettings | undefined {
  try {
    const v = Taro.getStorageSync(KEY) as PublicSettings | '';
    return v && typeof v === 'object' && typeof v.hotline === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

export function loadServiceSettings(): Promise<PublicSettings | undefined> {
  pending ??= api
    .call('getPublicSettings')
    .then((s) => {
      Taro.setStorageSync(KEY, s);
      return s;
    })
    .catch(() => {
      pending = undefined;
      return stored();
    });
  return pending;
}

export function useServiceSettings(): PublicSettings | undefined {
  const [settings, setSettings] = useState(stored);
  useEffect(() => {
    let live = true;
    loadServiceSettings().then((s) => live && s && setSettings(s));
    return () => {
      live = false;
    };
  }, []);
  return settings;
}

/** Dials the hotline (the resident confirms in the system's call sheet). */
export const callHotline = (hotline: string | undefined) =>
  hotline ? Taro.makePhoneCall({ phoneNumber: hotline }).catch(() => undefined) : undefined;
