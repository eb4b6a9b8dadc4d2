export default definePageConfig({ navigationBarTitleText: 'profile/subscriptions' });
