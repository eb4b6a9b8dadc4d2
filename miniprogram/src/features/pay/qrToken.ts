/**
 * The QR token of 一户一码: a mini-program code delivers it as `scene` (URL-encoded by WeChat), an H5 or
 * "ordinary QR code" link as `t`, or inside `q` (the full scanned URL, as `t` or, printed before the page
 * contract, as `scene`). Shape as the server's QrToken.
 */
const TOKEN = /^[0-9A-Za-z._-]{8,32}$/;

const decode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

export function qrTokenFromParams(params: Partial<Record<string, string>>): string | undefined {
  const candidates: string[] = [];
  if (params.scene) candidates.push(decode(params.scene));
  if (params.t) candidates.push(decode(params.t));
  if (params.q) {
    const scanned = decode(params.q);
    // `t` in today's links; `scene` in those printed before the page contract (…/h5/#/pages/qr/index?scene=…).
    const m = /[?&](?:t|scene)=([^&#]+)/.exec(scanned);
    if (m) candidates.push(decode(m[1]));
  }
  return candidates.map((c) => c.trim()).find((c) => TOKEN.test(c));
}
