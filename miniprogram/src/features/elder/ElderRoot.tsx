/**
 * A resident page's root: carries the 长辈版 class, so the style tokens it overrides scale the whole page.
 * On H5 the class also sits on <html> (elderMode.ts); the mini-program has no shared root element, so every
 * page renders inside this one (a test checks each page in the page contract does).
 */
import type { ReactNode } from 'react';
import { View } from '@tarojs/components';
import { elderClass, useElderMode } from './elderMode';

export function ElderRoot({ children }: { children?: ReactNode }) {
  return <View className={`elder-root ${elderClass(useElderMode())}`}>{children}</View>;
}
