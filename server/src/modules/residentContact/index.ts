/**
 * How residents are reached outside the app: official-account follower status (WeChat's message push and a
 * periodic follower-list sync) and the phone number a resident shares from the mini-program. The 'message.send'
 * worker (messaging) reads the outcome: followsOa and the phone on the resident.
 * The app mounts the feature from feature.ts.
 */
export { syncFollowers } from './followerSync.job';
export { forgetFollower } from './erasure';
