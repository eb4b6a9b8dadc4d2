export default definePageConfig({ navigationBarTitleText: '停气停水通知' });
