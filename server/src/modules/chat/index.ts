/** Online chat (在线客服): the public face other features use. The app mounts the feature from feature.ts. */
export { customerChatSection } from './customer360.section';
export { forgetChatResident } from './erasure';
export { pruneChatMessages, photoIdsInChat } from './retention';
export { conversationsAboutOrders } from './conversations';
