// One ESLint setup for every package (flat config); Prettier owns formatting (.prettierrc.json).
const fs = require('node:fs');
const path = require('node:path');
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const reactHooks = require('eslint-plugin-react-hooks');
const importX = require('eslint-plugin-import-x');
const { createTypeScriptImportResolver } = require('eslint-import-resolver-typescript');

/** The server's features: every folder of server/src/modules. */
const features = fs
  .readdirSync(path.join(__dirname, 'server/src/modules'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

/**
 * A feature owns its data: another feature reaches it only through its index.ts (functions and types,
 * never models). Shared infrastructure (platform/) knows no feature.
 */
const boundaryZones = [
  ...features.flatMap((target) =>
    features
      .filter((from) => from !== target)
      .map((from) => ({
        target: `./server/src/modules/${target}`,
        from: `./server/src/modules/${from}`,
        except: ['./index.ts'],
        message: `import from '${from}' only through its index.ts (a feature owns its data; export what you need there)`,
      })),
  ),
  // runtime.ts starts the app and the workers from the feature list: it is a composition root, like app.ts.
  {
    target: './server/src/platform/**/!(runtime).ts',
    from: './server/src/modules',
    message: 'platform/ is shared infrastructure and knows no feature',
  },
  {
    target: './server/src/platform/**/!(runtime).ts',
    from: './server/src/demo',
    message: 'platform/ is shared infrastructure and knows no demo',
  },
];

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '.venv/**',
      'bench/results/**',
      'test-results/**',
      'miniprogram/config/**',
      '**/*.cjs',
      '**/*.mjs',
      '**/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['warn', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'warn',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // No import cycles in the server: a cycle hides which part depends on which and breaks module load order.
    files: ['server/src/**/*.ts', 'server/sandbox/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver': undefined,
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    files: ['server/src/**/*.ts'],
    plugins: { 'import-x': importX },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: boundaryZones }] },
  },
  {
    // Every collection the portal writes is a model's, created with its indexes before the first request
    // (platform/db/mongo.ts): a first write that creates a collection while an index build creates it too
    // deadlocks the SecantusDB stand-in (server/test/README.md).
    files: ['server/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='collection'][arguments.0.type='Literal']",
          message:
            'declare a mongoose model for the collection (built before the first request), never by name',
        },
      ],
    },
  },
  {
    // A feature reads its data through its own models (a collection by name is how features reach into
    // each other's), and refuses with the error catalogue's named factories (platform/http/errors.ts).
    files: ['server/src/modules/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='collection'][arguments.0.type='Literal']",
          message: "read collections through the owning feature's index.ts, never by name",
        },
        {
          selector: "NewExpression[callee.name='AppError']",
          message: 'throw a named factory from platform/http/errors.ts (add one there for a new code)',
        },
      ],
    },
  },
  {
    // A route is auth → validate → one service call → response: no mongoose, no models.
    files: ['server/src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'mongoose', message: 'routes call services; services talk to the database' }],
          patterns: [
            { group: ['**/*.model'], message: 'routes call services; services talk to the database' },
          ],
        },
      ],
    },
  },
  {
    files: [
      'console/src/**/*.tsx',
      'console/src/**/*.ts',
      'miniprogram/src/**/*.tsx',
      'miniprogram/src/**/*.ts',
    ],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'warn' },
  },
  {
    // antd's validateFields() rejects when a field is invalid; awaited bare in a click handler that is an
    // unhandled rejection (a page error in the browser tests, an event for the error monitor).
    files: ['console/src/**/*.tsx', 'console/src/**/*.ts'],
    ignores: ['console/src/shared/validFields.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='validateFields']",
          message:
            'use validFields(form) from console/src/shared/validFields.ts: undefined when a field is invalid, never a rejection',
        },
        // The console lives under /console (the router's basename): an href of "/work-orders/…" leaves it for a
        // page the portal does not have (工单成本 and 预约时段 linked orders so). Downloads from /api/ are meant.
        {
          selector:
            "JSXAttribute[name.name='href'] > Literal[value=/^\\/(?!api\\/)/], " +
            "JSXAttribute[name.name='href'] > JSXExpressionContainer > TemplateLiteral > TemplateElement:first-child[value.raw=/^\\/(?!api\\/)/]",
          message:
            'link to a console page with <Link to="/…"> (react-router adds /console); a bare href leaves the console',
        },
      ],
    },
  },
  {
    // A select picked by hand in a browser test loses picks made while a dialog zooms in, and clicks options of
    // a dropdown that is fading out; pickOption waits for the open one and checks the pick took.
    files: ['e2e/**/*.e2e.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/ant-select-item-option/]',
          message: 'pick a select option with pickOption(select, option) from e2e/harness.ts',
        },
        // A click into a dialog still zooming in lands where its target was a frame earlier (CI lost 答复并办结 so).
        {
          selector:
            "CallExpression[callee.property.name='locator'] > Literal.arguments:first-child[value='.ant-modal'], " +
            "CallExpression[callee.property.name='getByRole'] > Literal.arguments:first-child[value='dialog']",
          message:
            'find a dialog with settledModal(page, text?) from e2e/harness.ts: it waits for the zoom to end',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/*.test.tsx', '**/test/**', 'e2e/**', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-require-imports': 'off' },
  },
);
