/**
 * The states every page shares: loading (and slow), error with a retry button, empty. Render it in
 * place of the content while there is nothing to show; never a blank screen, never a raw error.
 */
import type { ReactNode } from 'react';
import { View, Text } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import { strings } from '../strings';
import './PageState.scss';

type Props = {
  loading?: boolean;
  slow?: boolean;
  error?: string;
  empty?: boolean;
  emptyText?: string;
  emptyAction?: ReactNode;
  onRetry?: () => void;
  children?: ReactNode;
};

export function PageState({ loading, slow, error, empty, emptyText, emptyAction, onRetry, children }: Props) {
  if (loading) {
    return (
      <View className="page-state" aria-busy="true">
        <View className="page-state__spinner" />
        <Text className="page-state__text">{slow ? strings.slow : strings.loading}</Text>
      </View>
    );
  }
  if (error) {
    return (
      <View className="page-state page-state--error" role="alert">
        <Text className="page-state__text">{error}</Text>
        {onRetry && (
          <Button className="tap" type="primary" fill="outline" onClick={onRetry}>
            {strings.retry}
          </Button>
        )}
      </View>
    );
  }
  if (empty) {
    return (
      <View className="page-state page-state--empty">
        <Text className="page-state__text">{emptyText ?? strings.empty}</Text>
        {emptyAction}
      </View>
    );
  }
  return <>{children}</>;
}
