/**
 * Jest for the real-process app tests (`npm run test:app`): they start NocoBase as a separate
 * process, so they stay out of `npm test` and its in-process fixtures.
 */
const path = require('path');

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/__tests__/**/*.app-test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
  },
  // First start: install (~15 s) and start (~15 s) on a 2-core machine, more when it is busy.
  testTimeout: 300_000,
};
