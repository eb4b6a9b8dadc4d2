export default definePageConfig({ navigationBarTitleText: 'bills/history' });
