import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: ['botbuilder', '@slack/bolt', 'restify', 'i18next', 'ioredis'] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'src/core is pure: inject configuration.' }],
    },
  },
);
