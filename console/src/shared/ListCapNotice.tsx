import { Alert } from 'antd';

/**
 * Said above a list that shows only part of what matches (the approval queues, the escalations inbox, 200 each):
 * which part, and how the rest comes in. Nothing when the list holds them all.
 */
export function ListCapNotice({ more, text }: { more: boolean | undefined; text: string }) {
  return more ? <Alert type="info" showIcon message={text} role="status" /> : null;
}
