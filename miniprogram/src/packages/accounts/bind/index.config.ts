export default definePageConfig({ navigationBarTitleText: 'accounts/bind' });
