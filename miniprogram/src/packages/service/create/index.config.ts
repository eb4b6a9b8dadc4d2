export default definePageConfig({ navigationBarTitleText: 'service/create' });
