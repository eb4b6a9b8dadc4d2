export default definePageConfig({ navigationBarTitleText: '报停/复供' });
