import type { Config } from 'jest';

/**
 * Server tests boot real NocoBase apps; one file at a time keeps memory and the
 * shared database predictable on a 2-core machine.
 */
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/__tests__/**/*.test.ts'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
  },
  // @nocobase/server requires `execa` without declaring it; the hoisted copy is ESM-only,
  // which Jest's module runtime cannot load, so tests map it to a CommonJS release.
  moduleNameMapper: {
    '^execa$': '<rootDir>/node_modules/execa-cjs',
  },
  setupFiles: ['<rootDir>/src/server/__tests__/setup-env.ts'],
  testTimeout: 60_000,
  // A destroyed NocoBase app can leave timers of its plugins behind; they must not hold CI.
  forceExit: true,
};

export default config;
