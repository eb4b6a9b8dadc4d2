/**
 * `@tarojs/taro` in jest: Taro's H5 implementation (@tarojs/taro-h5), with the named APIs on the default export as
 * the H5 build's babel plugin arranges (`Taro.requestSubscribeMessage`, `Taro.request`…), so tests can spy on them.
 * A component rendered alone is not a page: the page lifecycle hooks register nothing and `useRouter` answers
 * the params a test put in `globalThis.__TARO_TEST_ROUTER_PARAMS__`.
 */
const h5 = require('@tarojs/taro-h5');
const Taro = Object.assign({}, h5.default, h5);
delete Taro.default;
const noop = () => undefined;
for (const hook of [
  'useDidShow',
  'useDidHide',
  'useLoad',
  'useReady',
  'useUnload',
  'usePullDownRefresh',
  'useReachBottom',
  'usePageScroll',
  'useShareAppMessage',
]) {
  Taro[hook] = noop;
}
Taro.useRouter = () => ({ params: globalThis.__TARO_TEST_ROUTER_PARAMS__ ?? {}, path: '' });
module.exports = Taro;
module.exports.default = Taro;
