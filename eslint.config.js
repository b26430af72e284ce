import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/main.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Only src/cli/main.ts exits.' },
      ],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '!node:crypto', 'fs', 'path', 'http', 'got', 'execa'],
              message: 'core is pure: no I/O (node:crypto for hashes is the one exception).',
            },
            {
              group: ['../*', '!../constants', '../*/**', '!../constants/**'],
              message: 'core imports nothing outside core but the documented Zoho constants.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Date', 'setTimeout', 'console'],
    },
  },
  {
    // why's parts are pure: the command (src/cli/commands/why.ts) reads files, git and journals
    // and hands them the texts.
    files: ['src/why/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'got', 'execa'],
              message: 'src/why is pure: the why command does the I/O.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'setTimeout', 'console'],
    },
  },
  {
    // Selectors' criteria are parsed and rendered without I/O; src/desired will import them, so
    // they import nothing of it.
    files: ['src/selectors/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'http', 'got', 'execa', 'yaml'],
              message: 'src/selectors is pure: no I/O.',
            },
            {
              group: [
                '../*',
                '!../core',
                '!../constants',
                '../*/**',
                '!../core/**',
                '!../constants/**',
              ],
              message: 'src/selectors imports core and constants only.',
            },
          ],
        },
      ],
      'no-restricted-globals': ['error', 'process', 'Date', 'setTimeout', 'console'],
    },
  },
  {
    // The ledger is a file the workflow keeps; plan and apply (src/cli) decide when it is read and
    // written, so it knows nothing of the network, git or YAML.
    files: ['src/ledger/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['got', 'execa', 'yaml', 'http', 'node:http', 'node:child_process'],
              message: 'src/ledger reads and writes one local file, nothing else.',
            },
            {
              group: [
                '../*',
                '!../core',
                '!../constants',
                '!../files',
                '!../errors.js',
                '!../schemas.js',
                '../*/**',
                '!../core/**',
                '!../constants/**',
                '!../files/**',
              ],
              message: 'src/ledger imports core, constants, errors, files and schemas.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['eslint.config.js', 'vitest.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
