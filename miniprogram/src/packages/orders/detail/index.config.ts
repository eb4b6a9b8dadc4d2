export default definePageConfig({ navigationBarTitleText: 'orders/detail' });
