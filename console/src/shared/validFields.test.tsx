import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { Button, Form, Input, type FormInstance } from 'antd';
import { validFields } from './validFields';

type Hall = { name: string };

/** A save button as the console's editors have it: validate, stop if invalid, else send. */
function renderEditor(initialValues: Partial<Hall> = {}) {
  const send = jest.fn<void, [Hall]>();
  const forms: FormInstance<Hall>[] = [];
  function Editor() {
    const [form] = Form.useForm<Hall>();
    forms.push(form);
    const save = async () => {
      const values = await validFields(form);
      if (!values) return;
      send(values);
    };
    return (
      <Form form={form} initialValues={initialValues}>
        <Form.Item name="name" label="名称" rules={[{ required: true, message: '请填写名称' }]}>
          <Input />
        </Form.Item>
        <Button onClick={save} autoInsertSpace={false}>
          保存
        </Button>
      </Form>
    );
  }
  render(<Editor />);
  return { form: forms[0], send };
}

describe('saving a form only once its fields are valid', () => {
  it('gives nothing for an invalid field, which the form marks beside it', async () => {
    const { form } = renderEditor();
    expect(await act(() => validFields(form))).toBeUndefined();
    expect(await screen.findByText('请填写名称')).toBeInTheDocument();
  });

  // Jest fails a test during which a promise rejection goes unhandled, as a bare
  // `await form.validateFields()` in the click handler would leave.
  it('sends nothing and leaves no unhandled rejection when 保存 is clicked on an invalid form', async () => {
    const { send } = renderEditor();
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    expect(await screen.findByText('请填写名称')).toBeInTheDocument();
    expect(send).not.toHaveBeenCalled();
  });

  it('gives the values when every field passes', async () => {
    const { form, send } = renderEditor({ name: '朝阳营业厅' });
    expect(await act(() => validFields(form))).toEqual({ name: '朝阳营业厅' });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(send).toHaveBeenCalledWith({ name: '朝阳营业厅' }));
  });

  it('gives nothing for a validation a second click superseded (that one decides)', async () => {
    const { form } = renderEditor({ name: '朝阳营业厅' });
    jest
      .spyOn(form, 'validateFields')
      .mockRejectedValue({ values: { name: '朝阳营业厅' }, errorFields: [], outOfDate: true });
    expect(await act(() => validFields(form))).toBeUndefined();
  });

  it('throws on anything that is not a field failing its rules', async () => {
    const { form } = renderEditor({ name: '朝阳营业厅' });
    const broken = new Error('表单未挂载');
    jest.spyOn(form, 'validateFields').mockRejectedValue(broken);
    await expect(act(() => validFields(form))).rejects.toBe(broken);
  });
});
