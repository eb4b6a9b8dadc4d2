export default definePageConfig({ navigationBarTitleText: 'bills/detail' });
