export default definePageConfig({ navigationBarTitleText: 'qr-pay' });
