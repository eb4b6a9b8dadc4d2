/**
 * Messaging: the public face other features use. Queue a message for a resident (it goes out by the
 * first channel that reaches them, through the outbox), preview how a message would reach people,
 * read what became of a group of messages, and the SMS provider staff alerts use.
 */
export { enqueueMessage, enqueueMessages, MESSAGE_SEND, type EnqueueMessageOptions } from './enqueueMessage';
export { countReach, noReach, type Reach } from './reach';
export {
  deliveryPage,
  deliverySkips,
  deliveryTally,
  type DeliveryListRow,
  type DeliverySkipRow,
  type DeliveryTallyRow,
} from './deliveryTally';
export { createSmsProvider, sendTemplatedSms, type SmsProvider } from './sms';
export { forgetMessageRecipient } from './erasure';
export { consoleLink, sendWecomCard, wecomConfigured } from './wecom/staffWecom';
