export default definePageConfig({ navigationBarTitleText: 'profile/privacy' });
