/**
 * Taro build configuration for both targets. `taro build --type weapp` writes dist/weapp (opened by
 * WeChat DevTools through the root project.config.json); `--type h5` writes dist/h5, which the server
 * serves under /h5/ with an index.html fallback (browser router, basename /h5).
 */
import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin';

const target = process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp';

/** NutUI is drawn on a 375 px design; our own styles on 750. */
/**
 * npm workspaces may leave some of our packages in miniprogram/node_modules (when another workspace
 * wants a different version at the root); Taro's own runtime imports must find them there too.
 */
const resolveOwnModules = (chain: { resolve: { modules: { add(p: string): unknown } } }) => {
  chain.resolve.modules.add(path.resolve(__dirname, '..', 'node_modules'));
  chain.resolve.modules.add('node_modules');
};

/** Shared zod-free TypeScript outside src/ (the typed API client core, the operation map, the page contract, the time
 *  module in types/src): compiled like our own. */
const compile = { include: [path.resolve(__dirname, '..', '..', 'types', 'src')] };

const designWidth = (input?: unknown) => {
  const file = typeof input === 'object' && input !== null ? (input as { file?: string }).file : undefined;
  return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750;
};

export default defineConfig<'webpack5'>(async (merge) => {
  const base: UserConfigExport<'webpack5'> = {
    projectName: 'utility-portal-resident',
    date: '2026-11-24',
    designWidth,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${target}`,
    plugins: [],
    // Build-time settings (unset → '' so the code never meets an undefined `process` in the browser).
    defineConstants: Object.fromEntries(
      ['TARO_APP_API_BASE', 'TARO_APP_OA_APPID', 'TARO_APP_OAUTH_AUTHORIZE_URL'].map((k) => [
        `process.env.${k}`,
        JSON.stringify(process.env[k] ?? ''),
      ]),
    ),
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      compile,
      // Modules only subpackages use leave the main package (WeChat: main ≤ 2 MB; our budget 1 MB).
      optimizeMainPackage: { enable: true },
      miniCssExtractPluginOption: { ignoreOrder: true },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
        resolveOwnModules(chain);
      },
    },
    h5: {
      compile,
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'browser', basename: '/h5' },
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin);
        resolveOwnModules(chain);
      },
    },
  };
  const mode =
    process.env.NODE_ENV === 'development'
      ? (await import('./dev')).default
      : (await import('./prod')).default;
  return merge({}, base, mode);
});
