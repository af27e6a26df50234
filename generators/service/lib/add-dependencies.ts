import type { GeneratorCallback, Tree } from '@nx/devkit';
import { addPackages } from '../../utils/packages';
import type { ReadyModel } from '@ready-tools/config';
import {
  autocannonVersion,
  eslintJsVersion,
  eslintVersion,
  typescriptEslintVersion,
  typescriptVersion,
  typesNodeVersion,
  vitestCoverageVersion,
  vitestVersion,
} from '../../utils/versions';
import { featurePackages } from '../../features';

/** The service's packages: those of every feature it has (clients only for the declared dependency kinds), and its toolchain. */
export function serviceDependenciesFor(model: ReadyModel): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const features = featurePackages(model);
  return { dependencies: features.dependencies, devDependencies: { ...serviceDevDependencies, ...features.devDependencies } };
}

export const serviceDevDependencies: Record<string, string> = {
  typescript: typescriptVersion,
  autocannon: autocannonVersion,
  '@types/node': typesNodeVersion,
  vitest: vitestVersion,
  '@vitest/coverage-v8': vitestCoverageVersion,
  eslint: eslintVersion,
  '@eslint/js': eslintJsVersion,
  'typescript-eslint': typescriptEslintVersion,
};

/** Versions the workspace already pins win: addDependenciesToPackageJson never downgrades them. */
export function addServiceDependencies(tree: Tree, model: ReadyModel): GeneratorCallback {
  return addPackages(tree, serviceDependenciesFor(model));
}

const ESLINT_CONFIG = `import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['**/dist', '**/node_modules', '**/coverage', '**/.nx', '**/tmp'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
`;

/** A flat ESLint config with typescript-eslint at the root, only when the workspace has none. */
export function addRootEslintConfig(tree: Tree): void {
  const existing = ['eslint.config.mjs', 'eslint.config.js', 'eslint.config.cjs', 'eslint.config.ts', '.eslintrc.json', '.eslintrc.js'];
  if (existing.some((file) => tree.exists(file))) return;
  tree.write('eslint.config.mjs', ESLINT_CONFIG);
}
