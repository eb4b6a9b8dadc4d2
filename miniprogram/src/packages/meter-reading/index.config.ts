export default definePageConfig({ navigationBarTitleText: 'meter-reading' });
