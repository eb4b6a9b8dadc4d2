export default definePageConfig({ navigationBarTitleText: 'orders/list' });
