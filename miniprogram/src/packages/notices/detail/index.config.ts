export default definePageConfig({ navigationBarTitleText: 'notices/detail' });
