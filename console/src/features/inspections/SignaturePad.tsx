/**
 * The resident signs on the phone with a finger (or a mouse): pointer strokes on a canvas. After each
 * stroke the drawing is handed up as a PNG, which the form uploads like a photo (uploadPhoto).
 */
import { useEffect, useRef } from 'react';
import { Button, Space } from 'antd';

const WIDTH = 320;
const HEIGHT = 160;

export function SignaturePad({ onChange }: { onChange: (png: Blob | undefined) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);

  const blank = () => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g) return;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, c.width, c.height);
    g.strokeStyle = '#111';
    g.lineWidth = 2.5;
    g.lineCap = 'round';
    g.lineJoin = 'round';
  };
  useEffect(blank, []);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) * WIDTH) / r.width, ((e.clientY - r.top) * HEIGHT) / r.height] as const;
  };
  const start = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const g = e.currentTarget.getContext('2d');
    if (!g) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drawing.current = true;
    const [x, y] = point(e);
    g.beginPath();
    g.moveTo(x, y);
    g.lineTo(x + 0.1, y + 0.1);
    g.stroke();
  };
  const move = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!drawing.current) return;
    const g = e.currentTarget.getContext('2d');
    const [x, y] = point(e);
    g?.lineTo(x, y);
    g?.stroke();
  };
  const end = () => {
    if (!drawing.current) return;
    drawing.current = false;
    canvas.current?.toBlob((b) => onChange(b ?? undefined), 'image/png');
  };

  return (
    <Space direction="vertical">
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        aria-label="用户签字区"
        style={{ border: '1px dashed #999', touchAction: 'none', width: '100%', maxWidth: WIDTH }}
        onPointerDown={start}
        onPointerMove={move}
        onPointerUp={end}
        onPointerLeave={end}
      />
      <Button
        size="small"
        onClick={() => {
          blank();
          onChange(undefined);
        }}
      >
        重新签字
      </Button>
    </Space>
  );
}
