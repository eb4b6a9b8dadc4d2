/** 自助抄表: enter the reading (its trial bill, 试算, shows at once) and a photo of the meter; staff accept or reject it. Below: the household's past readings with each one's status and, when rejected, the reason. */
import { useState } from 'react';
import { View, Text, Input, Image } from '@tarojs/components';
import { Button, Radio } from '@nutui/nutui-react-taro';
import type { MeterReading } from '@portal/types';
import { PageState } from '../../components/PageState';
import { Section } from '../../components/Section';
import { useRequest } from '../../hooks/useRequest';
import { api } from '../../services/api';
import { errorMessage } from '../../services/errors';
import { choosePhotos } from '../../services/upload';
import { formatDate } from '../../utils/date';
import { validateMeterReading } from '../../utils/validation';
import { TrialBillView } from '../../features/bills/TrialBillView';
import { useTrialBill } from '../../features/bills/useTrialBill';
import { ElderRoot } from '../../features/elder/ElderRoot';

const statusText: Record<MeterReading['status'], string> = {
  pending: '待审核',
  accepted: '已采纳',
  rejected: '未通过',
};

export default function MeterReadingPage() {
  const accounts = useRequest(() => api.call('listMyAccounts'));
  const [accountNo, setAccountNo] = useState('');
  const [reading, setReading] = useState('');
  const [photo, setPhoto] = useState<string>();
  const [error, setError] = useState<string>();
  const [result, setResult] = useState<MeterReading>();
  const [submitting, setSubmitting] = useState(false);
  const selected = accountNo || accounts.data?.items[0]?.accountNo || '';
  const trial = useTrialBill(selected, reading);
  const history = useRequest(
    () => api.call('listMyMeterReadings', { params: { accountNo: selected } }),
    [selected, result?.id],
    Boolean(selected),
  );

  const submit = async () => {
    const problem = validateMeterReading(reading) ?? (photo ? undefined : '请拍摄表盘照片');
    setError(problem);
    if (problem || !photo) return;
    setSubmitting(true);
    try {
      const { id } = await api.upload('uploadPhoto', { file: photo });
      setResult(
        await api.call('submitMeterReading', {
          body: { accountNo: selected, reading: Number(reading), photoId: id },
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <ElderRoot>
      <PageState
        loading={accounts.loading}
        slow={accounts.slow}
        error={accounts.error}
        onRetry={accounts.reload}
        empty={accounts.data?.items.length === 0}
        emptyText="请先绑定户号"
      >
        <Section title="自助抄表">
          <Radio.Group value={selected} onChange={(v) => setAccountNo(String(v))}>
            {accounts.data?.items.map((a) => (
              <Radio key={a.accountNo} value={a.accountNo}>
                {a.accountNo}
              </Radio>
            ))}
          </Radio.Group>
          <View className="muted" id="label-reading">
            表上读数
          </View>
          <Input
            aria-labelledby="label-reading"
            type="digit"
            value={reading}
            onInput={(e) => setReading(e.detail.value)}
            style={{ minHeight: '44px', border: '1px solid #c4ccd4', borderRadius: '6px', padding: '0 12px' }}
          />
          {trial.trial && <TrialBillView trial={trial.trial} />}
          {trial.problem && (
            <View className="field-error" role="alert">
              {trial.problem}
            </View>
          )}
          {photo ? <Image src={photo} mode="aspectFit" style={{ width: '100%', height: '200px' }} /> : null}
          <Button
            block
            fill="outline"
            onClick={async () => setPhoto((await choosePhotos(1).catch(() => []))[0] ?? photo)}
          >
            {photo ? '重拍表盘' : '拍摄表盘'}
          </Button>
          {error && (
            <View className="field-error" role="alert">
              {error}
            </View>
          )}
          <Button block type="primary" loading={submitting} disabled={submitting} onClick={submit}>
            提交读数
          </Button>
          {result && (
            <View className="row-link" role="status">
              <Text>{`读数 ${result.reading}`}</Text>
              <Text>
                {statusText[result.status]}
                {result.reviewNote ? `:${result.reviewNote}` : ''}
              </Text>
            </View>
          )}
        </Section>
        {history.data && history.data.items.length > 0 && (
          <Section title="报数记录">
            {history.data.items.map((r) => (
              <View key={r.id} className="row-link">
                <Text>{`${formatDate(r.submittedAt)} 读数 ${r.reading}`}</Text>
                <Text>
                  {statusText[r.status]}
                  {r.reviewNote && r.status === 'rejected' ? `:${r.reviewNote}` : ''}
                </Text>
              </View>
            ))}
          </Section>
        )}
      </PageState>
    </ElderRoot>
  );
}
