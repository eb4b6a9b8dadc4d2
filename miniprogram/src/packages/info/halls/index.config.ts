export default definePageConfig({ navigationBarTitleText: '营业网点' });
