/**
 * 电子发票 of a paid bill: the request's status when there is one, otherwise (or after a refusal) the
 * form: 个人/单位 title, tax number for a company, e-mail. The server checks the tax number's check
 * character and sends the request to the invoicing system through its outbox. While it is being issued,
 * 刷新开票状态 asks again (getBillInvoice): the invoicing system answers later, not while the page is open.
 */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import { Button, Radio } from '@nutui/nutui-react-taro';
import type { InvoiceRequest, InvoiceTitleType } from '@portal/types';
import { api } from '../../services/api';
import { errorMessage } from '../../services/errors';

const STATUS: Record<InvoiceRequest['status'], string> = {
  requested: '已提交,开票中',
  issued: '已开具,已发送至邮箱',
  failed: '开票未成功',
};

const inputStyle = { minHeight: '44px', border: '1px solid #c4ccd4', borderRadius: '6px', padding: '0 12px' };

export function InvoiceForm({ billId, invoice }: { billId: string; invoice: InvoiceRequest | null }) {
  const [current, setCurrent] = useState(invoice);
  const [titleType, setTitleType] = useState<InvoiceTitleType>('personal');
  const [title, setTitle] = useState('');
  const [taxNumber, setTaxNumber] = useState('');
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string>();
  const [sending, setSending] = useState(false);
  const [checking, setChecking] = useState(false);

  const refresh = async () => {
    setChecking(true);
    setError(undefined);
    try {
      setCurrent(await api.call('getBillInvoice', { params: { billId } }));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setChecking(false);
    }
  };

  const submit = async () => {
    setSending(true);
    setError(undefined);
    try {
      setCurrent(
        await api.call('requestInvoice', {
          params: { billId },
          body: { titleType, title, email, taxNumber: titleType === 'company' ? taxNumber : undefined },
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSending(false);
    }
  };

  const status = current && (
    <View role="status">
      <View className="row-link">
        <Text>开票状态</Text>
        <Text>{STATUS[current.status]}</Text>
      </View>
      {current.invoiceNo && <View className="text-block">{`发票号码:${current.invoiceNo}`}</View>}
      <View className="text-block">{`抬头:${current.title};邮箱:${current.email}`}</View>
      {current.failureReason && <View className="field-error">{`原因:${current.failureReason}`}</View>}
      {current.status === 'requested' && (
        <Button size="small" loading={checking} onClick={refresh}>
          刷新开票状态
        </Button>
      )}
      {current.status === 'requested' && error && <View className="field-error">{error}</View>}
    </View>
  );
  if (current && current.status !== 'failed') return status;

  return (
    <View>
      {status}
      <Radio.Group
        value={titleType}
        onChange={(v) => setTitleType(v as InvoiceTitleType)}
        direction="horizontal"
      >
        <Radio value="personal">个人</Radio>
        <Radio value="company">单位</Radio>
      </Radio.Group>
      <View className="muted" id="label-invoice-title">
        发票抬头
      </View>
      <Input
        aria-labelledby="label-invoice-title"
        value={title}
        onInput={(e) => setTitle(e.detail.value)}
        style={inputStyle}
      />
      {titleType === 'company' && (
        <>
          <View className="muted" id="label-invoice-tax">
            纳税人识别号(统一社会信用代码)
          </View>
          <Input
            aria-labelledby="label-invoice-tax"
            value={taxNumber}
            maxlength={18}
            onInput={(e) => setTaxNumber(e.detail.value)}
            style={inputStyle}
          />
        </>
      )}
      <View className="muted" id="label-invoice-email">
        接收邮箱
      </View>
      <Input
        aria-labelledby="label-invoice-email"
        value={email}
        onInput={(e) => setEmail(e.detail.value)}
        style={inputStyle}
      />
      {error && (
        <View className="field-error" role="alert">
          {error}
        </View>
      )}
      <Button block type="primary" loading={sending} disabled={sending} onClick={submit}>
        申请电子发票
      </Button>
    </View>
  );
}
