export default definePageConfig({ navigationBarTitleText: 'notices/list' });
