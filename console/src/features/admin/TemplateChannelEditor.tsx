/**
 * One channel of one event on the 消息模板 screen: which template of the utility's WeChat account it
 * uses, and what fills each of that template's keywords (one of the event's data fields, or a fixed
 * text). Only fields the keyword's type can show are offered; the server checks the whole mapping
 * against the template's keywords as WeChat lists them before saving, and its objections are shown on
 * the keyword they concern.
 */
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { KeywordSource, MessageTemplate, WechatTemplate } from '@portal/types';
import type { BodyOf } from '@portal/types/src/client';
import { ApiError } from '../../services/apiError';
import { call } from '../../services/api';
import { reportError, reportSuccess } from '../../services/notify';

type Channel = 'subscribe' | 'official';
type Row = { keyword: string; name: string; rule?: string };
const FIXED = '__text__';
const ruleOf = (keyword: string) => /^([a-z_]+?)\d+$/.exec(keyword)?.[1] ?? '';

export function TemplateChannelEditor(props: {
  event: MessageTemplate;
  channel: Channel;
  templates: WechatTemplate[] | undefined;
  onSaved: (t: MessageTemplate) => void;
}) {
  const { event, channel, templates } = props;
  const current = event[channel];
  const [templateId, setTemplateId] = useState(current.templateId);
  const [mapping, setMapping] = useState<Record<string, KeywordSource>>(() =>
    Object.fromEntries(current.mapping.map((m) => [m.keyword, m.source])),
  );
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setTemplateId(current.templateId);
    setMapping(Object.fromEntries(current.mapping.map((m) => [m.keyword, m.source])));
    setProblems({});
  }, [current]);

  const template = templates?.find((t) => t.templateId === templateId);
  const rows: Row[] = template
    ? template.keywords
    : current.mapping.map((m) => ({ keyword: m.keyword, name: '', rule: ruleOf(m.keyword) }));
  const examples = useMemo(
    () => Object.fromEntries(current.mapping.map((m) => [m.keyword, m.example])),
    [current],
  );

  /** A new template: keep what still fits, and suggest the field whose name matches the keyword's. */
  const pickTemplate = (id: string) => {
    setTemplateId(id);
    setProblems({});
    const next = templates?.find((t) => t.templateId === id);
    if (!next) return;
    setMapping((old) =>
      Object.fromEntries(
        next.keywords.flatMap((k) => {
          if (old[k.keyword]) return [[k.keyword, old[k.keyword]]];
          const same = event.dataFields.find(
            (f) => f.label === k.name && f.rules.includes(ruleOf(k.keyword) as never),
          );
          return same ? [[k.keyword, { field: same.key }]] : [];
        }),
      ),
    );
  };

  const save = async (body: BodyOf<'updateMessageTemplate'>, done: string) => {
    setBusy(true);
    setProblems({});
    try {
      const saved = await call('updateMessageTemplate', { params: { event: event.event }, body });
      reportSuccess(done);
      props.onSaved(saved);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) {
        setProblems(Object.fromEntries(e.fields.map((f) => [f.path.split('.').pop() ?? '', f.message])));
      }
      reportError(e, '保存失败');
    } finally {
      setBusy(false);
    }
  };

  const sourceOptions = (rule: string) => [
    ...event.dataFields
      .filter((f) => f.rules.includes(rule as never))
      .map((f) => ({ value: f.key, label: `${f.label}(如 ${f.example})` })),
    { value: FIXED, label: '固定文字…' },
  ];

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-channel={channel}>
      <Space wrap>
        <Typography.Text>模板</Typography.Text>
        <Select
          style={{ minWidth: 420 }}
          value={templateId}
          loading={!templates}
          aria-label={`${channel}-template`}
          onChange={pickTemplate}
          options={[
            ...(templates ?? []).map((t) => ({ value: t.templateId, label: `${t.title}(${t.templateId})` })),
            ...(template || !templates
              ? []
              : [{ value: templateId, label: `${templateId}(微信账号中没有此模板)` }]),
          ]}
        />
        <Tag>{current.source === 'console' ? '后台设置' : current.source === 'config' ? '配置' : '内置'}</Tag>
      </Space>
      {templates && !template && (
        <Alert
          type="warning"
          showIcon
          message="微信账号中没有此模板:请先在微信公众平台选用模板,或选择列表中的模板"
        />
      )}
      {problems.templateId && <Alert type="error" showIcon message={problems.templateId} />}
      <Table<Row>
        size="small"
        pagination={false}
        rowKey="keyword"
        dataSource={rows}
        columns={[
          {
            title: '模板关键词',
            width: 220,
            render: (_, r) => (
              <>
                {r.name} <Typography.Text code>{r.keyword}</Typography.Text>
              </>
            ),
          },
          {
            title: '填入内容',
            render: (_, r) => {
              const source = mapping[r.keyword];
              const isText = source !== undefined && 'text' in source;
              return (
                <Space direction="vertical" style={{ width: '100%' }}>
                  <Select
                    style={{ width: '100%' }}
                    placeholder="请选择"
                    aria-label={`keyword-${r.keyword}`}
                    value={source === undefined ? undefined : isText ? FIXED : source.field}
                    options={sourceOptions(ruleOf(r.keyword))}
                    onChange={(v: string) =>
                      setMapping((m) => ({
                        ...m,
                        [r.keyword]: v === FIXED ? { text: isText ? source.text : '' } : { field: v },
                      }))
                    }
                  />
                  {isText && (
                    <Input
                      aria-label={`text-${r.keyword}`}
                      value={source.text}
                      placeholder="固定文字"
                      onChange={(e) => setMapping((m) => ({ ...m, [r.keyword]: { text: e.target.value } }))}
                    />
                  )}
                  {problems[r.keyword] && (
                    <Typography.Text type="danger">{problems[r.keyword]}</Typography.Text>
                  )}
                </Space>
              );
            },
          },
          { title: '示例', width: 220, render: (_, r) => examples[r.keyword] ?? '—' },
        ]}
      />
      <Space>
        <Button
          type="primary"
          loading={busy}
          disabled={!template}
          onClick={() =>
            save(
              {
                [channel]: {
                  templateId,
                  mapping: Object.fromEntries(
                    rows.flatMap((r) => (mapping[r.keyword] ? [[r.keyword, mapping[r.keyword]]] : [])),
                  ),
                },
              },
              '已保存',
            )
          }
        >
          保存
        </Button>
        <Button
          disabled={busy || current.source !== 'console'}
          onClick={() => save({ [channel]: null }, '已恢复配置值')}
        >
          恢复配置值
        </Button>
      </Space>
    </Space>
  );
}
