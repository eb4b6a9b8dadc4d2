export default definePageConfig({ navigationBarTitleText: '过户/销户' });
