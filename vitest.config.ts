import path from 'node:path';
import { defineConfig } from 'vitest/config';

const alias = {
  '@shared': path.resolve(import.meta.dirname, 'shared'),
  '@server': path.resolve(import.meta.dirname, 'server'),
};

/**
 * Three projects: pure unit tests once, and every route suite (*.routes.test.ts) twice — on
 * SQLite and on PostgreSQL. scripts/test.mjs decides whether PostgreSQL is mandatory.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    env: { TZ: 'Asia/Tokyo' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'tests/**/*.test.ts'], exclude: ['**/*.routes.test.ts', 'node_modules/**'] },
      },
      {
        extends: true,
        test: { name: 'sqlite', include: ['server/**/*.routes.test.ts', 'tests/**/*.routes.test.ts'], env: { TZ: 'Asia/Tokyo', SHIRUBE_TEST_DB: 'sqlite' } },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['server/**/*.routes.test.ts', 'tests/**/*.routes.test.ts'],
          env: { TZ: 'Asia/Tokyo', SHIRUBE_TEST_DB: 'postgres' },
          // Runs after the other projects; one database per test file on the local cluster.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
