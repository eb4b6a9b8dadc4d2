/**
 * A form's values once every field passes its rules, or undefined when one does not. antd marks the
 * failing fields beside them, so a save handler just stops:
 *
 *   const values = await validFields(form);
 *   if (!values) return;
 *
 * `form.validateFields()` itself rejects on an invalid field, and awaited bare in a click handler that
 * rejection escapes as an unhandled promise rejection (a page error in the browser tests and the error
 * monitor). Anything else that goes wrong is a real error and is thrown on.
 */
import type { FormInstance } from 'antd';

export async function validFields<V>(form: FormInstance<V>): Promise<V | undefined> {
  try {
    return await form.validateFields();
  } catch (e) {
    if (isValidationFailure(e)) return undefined;
    throw e;
  }
}

/**
 * antd rejects with `{ values, errorFields, outOfDate }`; errorFields is empty when a newer validation
 * superseded this one (a second click), which then decides.
 */
function isValidationFailure(e: unknown): boolean {
  return typeof e === 'object' && e !== null && Array.isArray((e as { errorFields?: unknown }).errorFields);
}
