import type { Config } from 'jest';

/**
 * Browser tests: a real app (scripts/app/launcher.js) driven by Debian's chromium. Slow and
 * in need of chromium (scripts/ci/install-chromium.sh), so they stay out of `npm test`;
 * `npm run test:ui` builds the plugin first, as the app serves the built bundle.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src/client'],
  testMatch: ['**/__tests__/**/*.ui-test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
  },
  testTimeout: 60_000,
  forceExit: true,
};

export default config;
