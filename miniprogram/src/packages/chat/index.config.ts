export default definePageConfig({ navigationBarTitleText: 'chat' });
