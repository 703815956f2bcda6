// Lint rules: typescript-eslint's recommended type-aware set, plus the rules that guard
// against this codebase's known traps. Formatting is Prettier's job.
import tseslint from 'typescript-eslint';

const erasableOnly = [
  { selector: 'TSEnumDeclaration', message: 'Enums are not erasable TypeScript: use a union of string literals.' },
  { selector: 'TSModuleDeclaration[kind="namespace"]', message: 'Namespaces are not erasable TypeScript.' },
  { selector: 'TSParameterProperty', message: 'Parameter properties are not erasable TypeScript.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'scratch/', 'drizzle/', 'test-results/', '*.cjs', 'eslint.config.js', 'drizzle.config.ts'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', ...erasableOnly],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings in src/config.ts only.' },
      ],
    },
  },
  {
    // The places allowed to read the environment: the config itself, tests and tooling.
    files: ['src/config.ts', 'src/testing/**', '**/*.test.ts', 'test/**', 'bench/**', 'scripts/**', 'src/**/cli/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // node:test's describe()/it() return promises the runner itself awaits.
    files: ['**/*.test.ts', 'test/**'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    // The unit suite runs every file in one process (--test-isolation=none): a hook outside any
    // describe() would belong to the whole run, and run around every other file's tests too.
    files: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...erasableOnly,
        {
          selector: 'Program > ExpressionStatement > CallExpression[callee.name=/^(before|after|beforeEach|afterEach)$/]',
          message: 'Put test hooks inside a describe(): the unit suite runs all files in one process.',
        },
      ],
    },
  },
);
