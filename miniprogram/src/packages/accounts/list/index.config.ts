export default definePageConfig({ navigationBarTitleText: 'accounts/list' });
