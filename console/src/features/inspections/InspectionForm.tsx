/**
 * The technician's 入户安检 form on the phone, at the 安检 node of an inspection order: the utility's
 * checklist (listInspectionChecklists) item by item, readings, site photos, 隐患 with category,
 * severity and last day to rectify, and the resident's drawn signature. Submitting uploads the
 * signature (uploadPhoto) and records everything while completing the order (submitInspection).
 */
import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { HazardCategory, HazardSeverity, UploadedPhoto, Utility } from '@portal/types';
import { call, upload } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';
import { QueryState } from '../../shared/QueryState';
import { useApiQuery } from '../../shared/useApiQuery';
import { validFields } from '../../shared/validFields';
import { UTILITY_LABELS } from '../../shared/labels';
import { CHECK_RESULT_LABELS, HAZARD_CATEGORY_LABELS, HAZARD_SEVERITY_LABELS } from './labels';
import { SignaturePad } from './SignaturePad';
import { SitePhotos } from '../workOrders/SitePhotos';

type HazardValues = {
  category: HazardCategory;
  severity: HazardSeverity;
  description: string;
  rectifyBy: Dayjs;
  photos?: UploadedPhoto[];
};
type Values = {
  checklist: Record<string, { result: 'pass' | 'fail' | 'na'; note?: string }>;
  meter?: number;
  pressureKpa?: number;
  leakPpm?: number;
  hazards?: HazardValues[];
  note?: string;
};

/** A hazard's own photos as a form field (value: the uploaded photos). */
function HazardPhotos({
  value = [],
  onChange,
}: {
  value?: UploadedPhoto[];
  onChange?: (v: UploadedPhoto[]) => void;
}) {
  return <SitePhotos title="隐患照片" photos={value} onAdd={(p) => onChange?.([...value, p])} />;
}

const options = <K extends string>(labels: Record<K, string>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

export function InspectionForm({
  orderNo,
  utility,
  onDone,
}: {
  orderNo: string;
  utility: Utility;
  onDone: () => void;
}) {
  const { data, loading, error, reload } = useApiQuery('listInspectionChecklists');
  const items = data?.find((c) => c.utility === utility)?.items ?? [];
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<UploadedPhoto[]>([]);
  const [signature, setSignature] = useState<Blob>();
  const [signatureMissing, setSignatureMissing] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const v = await validFields(form);
    // Everything missing is marked at once: the fields, and the signature beside them.
    setSignatureMissing(!signature);
    if (!v || !signature) return;
    setBusy(true);
    try {
      const signed = await upload('uploadPhoto', {
        file: new File([signature], 'signature.png', { type: 'image/png' }),
      });
      await call('submitInspection', {
        params: { orderNo },
        body: {
          checklist: items.map((i) => ({
            key: i.key,
            result: v.checklist[i.key].result,
            ...(v.checklist[i.key].note?.trim() ? { note: v.checklist[i.key].note!.trim() } : {}),
          })),
          readings: {
            ...(v.meter != null ? { meter: v.meter } : {}),
            ...(v.pressureKpa != null ? { pressureKpa: v.pressureKpa } : {}),
            ...(v.leakPpm != null ? { leakPpm: v.leakPpm } : {}),
          },
          photos: photos.map((p) => p.id),
          signaturePhotoId: signed.id,
          hazards: (v.hazards ?? []).map((h) => ({
            category: h.category,
            severity: h.severity,
            description: h.description,
            rectifyBy: h.rectifyBy.format('YYYY-MM-DD'),
            photos: (h.photos ?? []).map((p) => p.id),
          })),
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        },
      });
      reportSuccess('安检记录已提交,工单已完工');
      onDone();
    } catch (e) {
      reportError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <QueryState loading={loading} error={error} empty={!loading && !items.length} onRetry={reload}>
      <Form<Values> form={form} layout="vertical">
        <Card size="small" title={`安检清单(${UTILITY_LABELS[utility] ?? utility})`}>
          {items.map((i) => (
            <Form.Item key={i.key} label={i.label} required style={{ marginBottom: 12 }}>
              <Space wrap>
                <Form.Item
                  noStyle
                  name={['checklist', i.key, 'result']}
                  rules={[{ required: true, message: `请检查:${i.label}` }]}
                >
                  <Radio.Group
                    aria-label={i.label}
                    optionType="button"
                    options={options(CHECK_RESULT_LABELS)}
                  />
                </Form.Item>
                <Form.Item noStyle name={['checklist', i.key, 'note']}>
                  <Input placeholder="备注" maxLength={200} style={{ width: 160 }} />
                </Form.Item>
              </Space>
            </Form.Item>
          ))}
        </Card>
        <Card size="small" title="读数">
          <Space wrap>
            <Form.Item name="meter" label="表读数">
              <InputNumber min={0} aria-label="表读数" />
            </Form.Item>
            <Form.Item name="pressureKpa" label="压力(kPa)">
              <InputNumber min={0} aria-label="压力" />
            </Form.Item>
            {utility === 'gas' && (
              <Form.Item name="leakPpm" label="可燃气体浓度(ppm)">
                <InputNumber min={0} aria-label="可燃气体浓度" />
              </Form.Item>
            )}
          </Space>
        </Card>
        <SitePhotos photos={photos} onAdd={(p) => setPhotos((ps) => [...ps, p])} />
        <Card size="small" title="隐患登记">
          <Form.List name="hazards">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, n) => (
                  <Card
                    key={f.key}
                    size="small"
                    type="inner"
                    title={`隐患 ${n + 1}`}
                    extra={<MinusCircleOutlined aria-label="删除隐患" onClick={() => remove(f.name)} />}
                    style={{ marginBottom: 8 }}
                  >
                    <Form.Item
                      name={[f.name, 'category']}
                      label="隐患类别"
                      rules={[{ required: true, message: '请选择隐患类别' }]}
                    >
                      <Select options={options(HAZARD_CATEGORY_LABELS)} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'severity']}
                      label="隐患等级"
                      rules={[{ required: true, message: '请选择隐患等级' }]}
                    >
                      <Radio.Group optionType="button" options={options(HAZARD_SEVERITY_LABELS)} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'description']}
                      label="隐患描述"
                      rules={[{ required: true, whitespace: true, message: '请填写隐患描述' }]}
                    >
                      <Input.TextArea rows={2} maxLength={500} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'rectifyBy']}
                      label="整改期限"
                      rules={[{ required: true, message: '请选择整改期限' }]}
                    >
                      <DatePicker />
                    </Form.Item>
                    <Form.Item name={[f.name, 'photos']} noStyle>
                      <HazardPhotos />
                    </Form.Item>
                  </Card>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add()}>
                  登记隐患
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card size="small" title="用户签字">
          <SignaturePad
            onChange={(png) => {
              setSignature(png);
              if (png) setSignatureMissing(false);
            }}
          />
          {!signature && (
            <Typography.Text type={signatureMissing ? 'danger' : 'secondary'}>
              请用户在上方签字确认
            </Typography.Text>
          )}
        </Card>
        <Form.Item name="note" label="安检说明" style={{ marginTop: 12 }}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button type="primary" size="large" block loading={busy} onClick={submit}>
          提交安检记录并完工
        </Button>
      </Form>
    </QueryState>
  );
}
