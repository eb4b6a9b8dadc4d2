/**
 * What the account application pages (开户, 过户/销户) share: the form's text fields, each with its refusal
 * under it, the documents (documentPhotos.tsx), and submitting: what is missing is said before anything is
 * sent, and a refusal from the server that names fields puts each message under its field.
 */
import { useState } from 'react';
import { View, Text, Input } from '@tarojs/components';
import { ApiError, errorMessage } from '../../services/errors';
import { DocumentPhotoField, useDocumentPhotos, type DocumentPhotos } from './documentPhotos';

export function useApplicationForm<F extends Record<string, string>>(
  initial: F,
  opts: {
    addIdPhoto: string;
    addProof: string;
    /** The form field a refused request field belongs to (default: the path's last part). */
    fieldOf?: (path: string) => string;
  },
) {
  const [form, setForm] = useState(initial);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string>();
  const [submitting, setSubmitting] = useState(false);
  const set = (patch: Partial<F>) => setForm((f) => ({ ...f, ...patch }));
  const docs = useDocumentPhotos(setError);

  /**
   * Submits: `missing` says what the resident still has to give, by field (nothing is sent while it says
   * anything); else the photos are uploaded and `send` is given their ids.
   */
  const submit = async (missing: Record<string, string>, send: (ids: DocumentPhotos) => Promise<void>) => {
    setError(undefined);
    setFieldErrors(missing);
    if (Object.keys(missing).length) return;
    setSubmitting(true);
    try {
      await send(await docs.upload());
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setFieldErrors(e.messagesByInput(opts.fieldOf));
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  /** A labelled text field of the form, its refusal under it. */
  const field = (key: keyof F & string, label: string, props: Record<string, unknown> = {}) => (
    <View>
      <View className="create__label" id={`label-${key}`}>
        {label}
      </View>
      <Input
        className="create__input"
        aria-labelledby={`label-${key}`}
        value={form[key]}
        onInput={(e) => set({ [key]: e.detail.value } as Partial<F>)}
        {...props}
      />
      {fieldErrors[key] && <Text className="field-error">{fieldErrors[key]}</Text>}
    </View>
  );

  /** The photos of one kind of document, with their refusal. */
  const photoField = (which: keyof DocumentPhotos, label: string) => (
    <DocumentPhotoField
      docs={docs}
      which={which}
      label={label}
      addText={which === 'idPhotos' ? opts.addIdPhoto : opts.addProof}
      error={fieldErrors[which]}
    />
  );

  return { form, set, fieldErrors, error, submitting, photos: docs.photos, submit, field, photoField };
}
