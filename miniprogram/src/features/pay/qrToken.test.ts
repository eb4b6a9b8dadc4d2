import { qrTokenFromParams } from './qrToken';
import { MAX_POLLS, paymentPhase } from './paymentPhase';
import type { Payment } from '@portal/types';

describe('一户一码 token from the launch parameters', () => {
  it('reads the mini-program scene, URL-decoded', () => {
    expect(qrTokenFromParams({ scene: encodeURIComponent('131010001234.1.Xy3kPq0a') })).toBe(
      '131010001234.1.Xy3kPq0a',
    );
  });
  it('reads the H5 query t and a scanned ordinary QR URL in q', () => {
    expect(qrTokenFromParams({ t: 'abcDEF12_-' })).toBe('abcDEF12_-');
    expect(
      qrTokenFromParams({ q: encodeURIComponent('https://portal.example.com/h5/qr?t=Tok.1234567') }),
    ).toBe('Tok.1234567');
  });
  it('reads the token from a scanned sticker printed before the page contract', () => {
    expect(
      qrTokenFromParams({
        q: encodeURIComponent('https://portal.example.com/h5/#/pages/qr/index?scene=Tok.1234567'),
      }),
    ).toBe('Tok.1234567'); // page-contract: off (the printed sticker's text)
  });
  it('rejects anything that is not a token', () => {
    expect(qrTokenFromParams({})).toBeUndefined();
    expect(qrTokenFromParams({ t: '<script>' })).toBeUndefined();
    expect(qrTokenFromParams({ scene: 'x'.repeat(40) })).toBeUndefined();
  });
});

describe('payment result page', () => {
  const p = (status: Payment['status']) => ({ status }) as Payment;
  it('waits until the server confirms, then shows paid or closed', () => {
    expect(paymentPhase(undefined, 0)).toBe('waiting');
    expect(paymentPhase(p('pending'), 3)).toBe('waiting');
    expect(paymentPhase(p('paid'), 1)).toBe('paid');
    expect(paymentPhase(p('closed'), 1)).toBe('closed');
  });
  it('stops waiting after the last poll without claiming success', () => {
    expect(paymentPhase(p('pending'), MAX_POLLS)).toBe('unknown');
  });
});
