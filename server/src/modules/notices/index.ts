/** Outage notices: the public face other features use. The app mounts the feature from feature.ts. */
export { forgetNoticeRecipient } from './erasure';
