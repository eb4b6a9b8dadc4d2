export default definePageConfig({ navigationBarTitleText: 'bills' });
