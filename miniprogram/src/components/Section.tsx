import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import './Section.scss';

/** A titled white card: the building block of every page. */
export function Section({
  title,
  extra,
  children,
}: {
  title?: string;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <View className="section">
      {(title || extra) && (
        <View className="section__head">
          {title && <Text className="section__title">{title}</Text>}
          {extra}
        </View>
      )}
      {children}
    </View>
  );
}
