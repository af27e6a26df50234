import path from 'node:path';
import { joinPathFragments, logger, type Tree } from '@nx/devkit';
import { generatedMarker, writeDerivedTemplates, writeScaffoldTemplates } from '../../utils/derived-files';
import { envSlice, envZodExpression, NODE_ENV_VAR } from '../../utils/env-vars';
import { hasServiceTestHelpers, TEST_HELPERS } from '../../utils/feature';
import type { FeatureContext } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';
import { securitySliceEnvVars } from './env-vars';

const str = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** What `src/security/env.ts` (the feature's env slice) is rendered from. */
function securityEnvSlice(model: FeatureContext['model']) {
  return envSlice(securitySliceEnvVars(model, NODE_ENV_VAR), 'Security', 'Validate the security variables of an environment, checks across them included.');
}

export const securityDir = (projectRoot: string) => joinPathFragments(projectRoot, 'src', 'security');

/**
 * Render `<projectRoot>/src/security/`: `config.ts` and `env.ts` (its variables as a zod slice) are derived from ready.yaml (rewritten every run);
 * the other files are scaffold, written once and then owned by the team. `<projectRoot>/test/security.test.ts` is derived
 * too, written when the app has ready's test helpers.
 */
export function createSecurityFiles(tree: Tree, ctx: FeatureContext): void {
  const source = templatesDir('security');
  const target = securityDir(ctx.projectRoot);
  const vars = { tmpl: '', model: ctx.model, marker: generatedMarker(ctx.regenerate), str, slice: securityEnvSlice(ctx.model), zod: envZodExpression };
  writeScaffoldTemplates(tree, path.join(source, 'scaffold'), target, vars);
  writeDerivedTemplates(tree, path.join(source, 'derived'), target, vars);
  // test/security.test.ts is derived: which schemes, claims, origins and limits it proves follows ready.yaml on every run.
  if (hasServiceTestHelpers(tree, ctx.projectRoot)) {
    writeDerivedTemplates(tree, path.join(source, 'test'), joinPathFragments(ctx.projectRoot, 'test'), vars);
  } else {
    logger.info(`ready: no security tests written: they build on ${joinPathFragments(ctx.projectRoot, TEST_HELPERS)}, which only ready:service apps have.`);
  }
  const unchecked = uncheckedJwtClaims(ctx.model);
  if (unchecked.length > 0) {
    logger.warn(
      `ready: ${unchecked.map((claim) => `auth.jwt.${claim}`).join(' and ')} not set in ready.yaml: tokens of any ${unchecked.join(' and any ')} are accepted, so the service refuses to start with NODE_ENV=production until ${unchecked.length > 1 ? 'they are' : 'it is'} set.`,
    );
  }
}

/** The claims a JWT-verifying service does not check because ready.yaml names no expected value. */
export function uncheckedJwtClaims(model: FeatureContext['model']): ('issuer' | 'audience')[] {
  if (model.auth.mode !== 'jwt' && model.auth.mode !== 'both') return [];
  return (['issuer', 'audience'] as const).filter((claim) => !model.auth.jwt[claim]);
}
