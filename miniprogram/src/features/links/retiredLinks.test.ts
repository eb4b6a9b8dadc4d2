import { H5_BASE_PATH, h5PageUrl, pageUrl, RESIDENT_PAGES, RETIRED_PAGES } from '@portal/types/src/pages';
import { retiredH5Url, retiredPageUrl } from './retiredLinks';

const [retired] = Object.keys(RETIRED_PAGES);

describe('links printed before the page contract', () => {
  it('open the QR pay page with the same token: the sticker hash link and its path form', () => {
    const token = '131010001234.1.Xy3kPq0a';
    const expected = `${H5_BASE_PATH}${pageUrl('qrPay', { scene: token })}`;
    expect(retiredH5Url(`https://gas.example.cn/h5/#/${retired}?scene=${encodeURIComponent(token)}`)).toBe(
      expected,
    );
    expect(retiredH5Url(`https://gas.example.cn/h5/${retired}?scene=${encodeURIComponent(token)}`)).toBe(
      expected,
    );
  });

  it('open the QR pay page from an old mini-program code, dropping what the page does not read', () => {
    expect(retiredPageUrl(retired!, { scene: 'Tok.12345678', from: 'x' })).toBe(
      pageUrl('qrPay', { scene: 'Tok.12345678' }),
    );
  });

  it('leave every current page alone', () => {
    expect(retiredH5Url(h5PageUrl('https://gas.example.cn', 'qrPay', { t: 'Tok.12345678' }))).toBeUndefined();
    expect(retiredH5Url('https://gas.example.cn/h5/')).toBeUndefined();
    expect(retiredH5Url('https://gas.example.cn/h5/#/')).toBeUndefined();
    expect(retiredPageUrl(RESIDENT_PAGES.home.path, {})).toBeUndefined();
  });
});
