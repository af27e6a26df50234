import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const __dirname = path.dirname(fileURLToPath(import.meta.url));

/**
 * The e2e files share one workspace and one Redis, so they run one at a time in a fixed order (by file
 * name), not in the order of last run's durations: docs before queues, resilience, security and service.
 */
class ByFileName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

export default defineConfig({
  resolve: {
    alias: {
      '@ready-tools/config': path.resolve(__dirname, 'packages/config/src/index.ts'),
    },
  },
  test: {
    // A root option: vitest orders the files of every project with it.
    sequence: { sequencer: ByFileName },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.spec.ts', 'generators/**/*.spec.ts', 'tools/**/*.spec.ts', 'tests/unit/**/*.spec.ts', 'tests/matrix/**/*.spec.ts'],
          exclude: ['**/node_modules/**', '**/dist/**', 'templates/**'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // ready.yaml edited step by step on one workspace: nx sync, the service's own suite, the running service.
          name: 'edits',
          include: ['tests/edits/**/*.edits.ts'],
          testTimeout: 900_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          // The generated-config matrix: every config typechecks and lints; a sample passes its own suite.
          name: 'matrix',
          include: ['tests/matrix/**/*.matrix.ts'],
          globalSetup: ['tests/matrix/global-setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
