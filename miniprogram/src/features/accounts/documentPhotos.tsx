/**
 * The documents an account application hands in (身份证照片, 房产证或租赁合同), one way for 开户 and for
 * 过户/销户: chosen on the phone, shown with a tap to drop one, uploaded in order when the resident submits.
 */
import { useState } from 'react';
import { View, Text, Image } from '@tarojs/components';
import { api } from '../../services/api';
import { errorMessage } from '../../services/errors';
import { choosePhotos } from '../../services/upload';

export type DocumentPhotos = { idPhotos: string[]; propertyProofs: string[] };
const MAX: Record<keyof DocumentPhotos, number> = { idPhotos: 2, propertyProofs: 4 };

/** The chosen photos; `onError` hears a failure to choose (not the resident cancelling). */
export function useDocumentPhotos(onError: (message: string) => void) {
  const [photos, setPhotos] = useState<DocumentPhotos>({ idPhotos: [], propertyProofs: [] });
  const add = async (which: keyof DocumentPhotos) => {
    try {
      const chosen = await choosePhotos(MAX[which] - photos[which].length);
      setPhotos((p) => ({ ...p, [which]: [...p[which], ...chosen].slice(0, MAX[which]) }));
    } catch (e) {
      if (!/cancel/i.test(String((e as { errMsg?: string }).errMsg))) onError(errorMessage(e));
    }
  };
  const remove = (which: keyof DocumentPhotos, file: string) =>
    setPhotos((all) => ({ ...all, [which]: all[which].filter((x) => x !== file) }));
  /** Uploads every chosen photo, in order: the photo ids the application names. */
  const upload = async (): Promise<DocumentPhotos> => {
    const ids: DocumentPhotos = { idPhotos: [], propertyProofs: [] };
    for (const which of ['idPhotos', 'propertyProofs'] as const)
      for (const f of photos[which]) ids[which].push((await api.upload('uploadPhoto', { file: f })).id);
    return ids;
  };
  return {
    photos,
    add,
    remove,
    upload,
    full: (which: keyof DocumentPhotos) => photos[which].length >= MAX[which],
  };
}

export function DocumentPhotoField(props: {
  docs: ReturnType<typeof useDocumentPhotos>;
  which: keyof DocumentPhotos;
  label: string;
  addText: string;
  error?: string;
}) {
  const { docs, which } = props;
  return (
    <View>
      <View className="create__label">{props.label}</View>
      <View className="create__photos">
        {docs.photos[which].map((p) => (
          <Image
            key={p}
            src={p}
            className="create__photo"
            mode="aspectFill"
            onClick={() => docs.remove(which, p)}
          />
        ))}
        {!docs.full(which) && (
          <View className="create__add tap" onClick={() => docs.add(which)}>
            {props.addText}
          </View>
        )}
      </View>
      {props.error && <Text className="field-error">{props.error}</Text>}
    </View>
  );
}
