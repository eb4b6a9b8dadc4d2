/** H5: rewrite the address before the router reads it, so a door sticker's hash link opens the QR pay page. */
import { retiredH5Url } from './retiredLinks';

export function followRetiredLinks(): void {
  const target = retiredH5Url(window.location.href);
  if (target) window.history.replaceState(window.history.state, '', target);
}
