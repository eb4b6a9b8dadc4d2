export default definePageConfig({ navigationBarTitleText: '业务指南' });
