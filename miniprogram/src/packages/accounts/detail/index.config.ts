export default definePageConfig({ navigationBarTitleText: 'accounts/detail' });
