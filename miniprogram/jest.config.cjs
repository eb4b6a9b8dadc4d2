/**
 * Resident app tests under jsdom: client logic (money, dates, validation, timeline, errors, API client) and page
 * components with React Testing Library. `@tarojs/taro` is Taro's H5 implementation and `@tarojs/components` its
 * React components (as Taro's testing guide does); the ESM packages they pull in are compiled by swc like our own code.
 */
const esm = [
  '@tarojs',
  '@stencil',
  '@nutui',
  'lodash-es',
  'swiper',
  'ssr-window',
  'dom7',
  'query-string',
  'decode-uri-component',
  'filter-obj',
  'split-on-first',
  'nanoid',
  'style-inject',
  'tslib',
  '\\.pnpm',
];

module.exports = {
  displayName: 'miniprogram',
  testEnvironment: 'jsdom',
  // scripts/: the build checks (WeChat's own tools over a built mini-program), in node (see their docblocks).
  testMatch: ['<rootDir>/src/**/*.test.ts?(x)', '<rootDir>/scripts/**/*.test.ts'],
  transform: {
    '^.+\\.(t|j)sx?$|\\.mjs$': [
      '@swc/jest',
      { jsc: { target: 'es2022', transform: { react: { runtime: 'automatic' } } } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esm.join('|')})/)`],
  // What Taro's build defines (webpack DefinePlugin) for its runtime.
  globals: {
    ENABLE_INNER_HTML: true,
    ENABLE_ADJACENT_HTML: false,
    ENABLE_SIZE_APIS: false,
    ENABLE_TEMPLATE_CONTENT: false,
    ENABLE_CLONE_NODE: false,
    ENABLE_CONTAINS: false,
    ENABLE_MUTATION_OBSERVER: false,
    DEPRECATED_ADAPTER_COMPONENT: false,
  },
  setupFiles: ['<rootDir>/src/test/canvasStub.cjs'],
  moduleNameMapper: {
    '\\.(css|scss)$': '<rootDir>/src/test/styleStub.cjs',
    '^@tarojs/taro$': '<rootDir>/src/test/taroH5.cjs',
    '^@tarojs/components$': '@tarojs/components/lib/react',
  },
};
