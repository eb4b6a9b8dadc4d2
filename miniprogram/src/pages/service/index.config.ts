export default definePageConfig({ navigationBarTitleText: 'service' });
