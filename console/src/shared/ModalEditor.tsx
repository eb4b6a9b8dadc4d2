/**
 * An admin list edited in a modal form (营业网点, 业务指南): 新增 and 编辑 open the form with its values, 保存
 * creates or updates and reloads the list, 删除 asks first. The page keeps its table columns and form fields.
 *
 *   const editor = useModalEditor<ServiceHallInput>(halls.reload);
 *   columns: [..., editDeleteColumn(editor, (h: ServiceHall) => ({
 *     name: h.name, edit: () => editor.open(inputOf(h), h.id), remove: () => call('deleteServiceHall', …) }))]
 *   <ModalEditor editor={editor} what="营业网点" save={(v, hallId) => …} saved={(v) => `已保存“${v.name}”`}>
 *     …the form's fields…
 *   </ModalEditor>
 */
import { useState, type ReactNode } from 'react';
import { Button, Form, Modal, Popconfirm, Space, type FormInstance } from 'antd';
import { fieldErrors } from '../services/apiError';
import { useAction } from './useAction';
import { validFields } from './validFields';

export type ModalEditorState<V> = {
  form: FormInstance<V>;
  /** What is being edited: an existing item's id, or none for a new one. */
  editing?: { id?: string };
  busy: boolean;
  run: ReturnType<typeof useAction>[1];
  reload: () => void;
  open(values: V, id?: string): void;
  close(): void;
};

export function useModalEditor<V>(reload: () => void): ModalEditorState<V> {
  const [editing, setEditing] = useState<{ id?: string }>();
  const [busy, run] = useAction();
  const [form] = Form.useForm<V>();
  return {
    form,
    editing,
    busy,
    run,
    reload,
    open(values, id) {
      setEditing({ id });
      form.resetFields();
      form.setFieldsValue(values as Parameters<typeof form.setFieldsValue>[0]);
    },
    close: () => setEditing(undefined),
  };
}

/** The 操作 column: 编辑, and 删除 once confirmed (then the list is reloaded). */
export function editDeleteColumn<T>(
  editor: Pick<ModalEditorState<unknown>, 'run' | 'reload'>,
  of: (item: T) => { name: string; edit: () => void; remove: () => Promise<unknown> },
) {
  return {
    title: '操作',
    render: (_: unknown, item: T) => {
      const i = of(item);
      const remove = async () => {
        if (await editor.run(i.remove, `已删除“${i.name}”`)) editor.reload();
      };
      return (
        <Space>
          <Button size="small" onClick={i.edit} aria-label={`编辑${i.name}`}>
            编辑
          </Button>
          <Popconfirm title={`删除“${i.name}”?`} onConfirm={remove}>
            <Button size="small" danger>
              删除
            </Button>
          </Popconfirm>
        </Space>
      );
    },
  };
}

/** The modal: `save` creates (no id) or updates; `saved` is the message once saved. */
export function ModalEditor<V>(props: {
  editor: ModalEditorState<V>;
  /** What an item is called in the title: 编辑营业网点 / 新增营业网点. */
  what: string;
  save: (values: V, id?: string) => Promise<unknown>;
  saved: (values: V) => string;
  children: ReactNode;
}) {
  const { editor } = props;
  const save = async () => {
    if (!editor.editing) return;
    const values = await validFields(editor.form);
    if (!values) return;
    const attempt = async () => {
      try {
        return await props.save(values, editor.editing?.id);
      } catch (e) {
        // Each refused field is marked where it is, beside the toast.
        const form = editor.form;
        const fields = form.getFieldsValue(true) as Record<string, unknown>;
        form.setFields(fieldErrors(e, (name) => name in fields) as Parameters<typeof form.setFields>[0]);
        throw e;
      }
    };
    if (await editor.run(attempt, props.saved(values))) {
      editor.close();
      editor.reload();
    }
  };
  return (
    <Modal
      title={`${editor.editing?.id ? '编辑' : '新增'}${props.what}`}
      open={Boolean(editor.editing)}
      onCancel={editor.close}
      confirmLoading={editor.busy}
      onOk={save}
      okText="保存"
    >
      <Form form={editor.form} layout="vertical">
        {props.children}
      </Form>
    </Modal>
  );
}
