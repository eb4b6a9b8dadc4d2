export default definePageConfig({ navigationBarTitleText: 'pay/result' });
