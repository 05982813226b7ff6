import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const channelImports = { group: ['**/channels/**'], message: 'Only the composition root imports a channel adapter (DESIGN.md, "Layers").' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // Imports point down: the layers below the adapters never reach into a channel.
    files: ['src/bot/**/*.ts', 'src/state/**/*.ts', 'src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [channelImports] }] },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['botbuilder', '@slack/bolt', 'restify', 'i18next', 'ioredis'], patterns: [channelImports] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'src/core is pure: inject configuration.' }],
    },
  },
);
