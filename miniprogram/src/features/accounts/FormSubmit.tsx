/**
 * The end of an application form (开户, 过户/销户, 报停/复供): what went wrong, announced to screen readers, then
 * the submit button, busy while the application is on its way. `label` absent: no button (one is pending).
 */
import { View } from '@tarojs/components';
import { Button } from '@nutui/nutui-react-taro';
import '../../packages/service/create/index.scss';

export function FormSubmit({
  error,
  submitting,
  onSubmit,
  label,
}: {
  error?: string;
  submitting: boolean;
  onSubmit: () => void;
  label?: string;
}) {
  return (
    <>
      {error && (
        <View className="field-error create__error" role="alert">
          {error}
        </View>
      )}
      {label && (
        <View className="create__error">
          <Button type="primary" block loading={submitting} disabled={submitting} onClick={onSubmit}>
            {label}
          </Button>
        </View>
      )}
    </>
  );
}
