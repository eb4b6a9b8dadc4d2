export default definePageConfig({ navigationBarTitleText: '户号详情' });
