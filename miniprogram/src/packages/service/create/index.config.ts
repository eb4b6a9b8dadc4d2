export default definePageConfig({ navigationBarTitleText: '报修/报装/预约' });
