/** 现场照片 on the technician's pages: thumbnails of what was taken so far and the camera button (uploadPhoto). */
import { useState } from 'react';
import { Button, Card, Space, Upload } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import type { UploadedPhoto } from '@portal/types';
import { upload } from '../../services/api';
import { reportError } from '../../services/notify';

export function SitePhotos({
  photos,
  onAdd,
  title = '现场照片',
}: {
  photos: UploadedPhoto[];
  onAdd: (photo: UploadedPhoto) => void;
  title?: string;
}) {
  const [uploading, setUploading] = useState<number>();
  const addPhoto = async (file: File) => {
    setUploading(0);
    try {
      onAdd(await upload('uploadPhoto', { file, onProgress: setUploading }));
    } catch (e) {
      reportError(e, '照片上传失败');
    } finally {
      setUploading(undefined);
    }
  };
  return (
    <Card size="small" title={title}>
      <Space wrap>
        {photos.map((p, i) => (
          <img
            key={p.id}
            src={p.thumbUrl ?? p.url}
            alt={`照片${i + 1}`}
            width={72}
            height={72}
            style={{ objectFit: 'cover' }}
          />
        ))}
        <Upload accept="image/*" showUploadList={false} beforeUpload={(f) => (void addPhoto(f), false)}>
          <Button icon={<CameraOutlined />} size="large" loading={uploading !== undefined}>
            {uploading !== undefined ? `${uploading}%` : '拍照'}
          </Button>
        </Upload>
      </Space>
    </Card>
  );
}
