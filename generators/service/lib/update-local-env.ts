import { joinPathFragments, logger, type Tree } from '@nx/devkit';
import type { EnvVarSpec } from '../../utils/env-vars';

/** The team's local settings (create-ready-service writes them; git-ignored, never in CI). */
export const LOCAL_ENV = '.env';

/**
 * A dependency added to ready.yaml brings a URL variable the service requires at startup. When the project has a
 * local .env, append every variable with a local address (`localValue`) that it does not set yet, so `nx serve` keeps
 * starting after `nx sync`. Nothing in the file is changed or removed: it is the team's, and a variable no longer
 * declared is simply ignored by the service. A project without a .env (CI, a fresh clone) gets nothing.
 */
export function addMissingLocalEnv(tree: Tree, projectRoot: string, envVars: EnvVarSpec[]): void {
  const file = joinPathFragments(projectRoot, LOCAL_ENV);
  const text = tree.read(file, 'utf-8');
  if (text === null) return;
  const set = new Set([...text.matchAll(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm)].map((m) => m[1]));
  const missing = envVars.filter((v) => v.localValue !== undefined && !set.has(v.name));
  if (missing.length === 0) return;
  const lines = ['', '# Added by nx sync for what ready.yaml declares now (local addresses on this machine).', ...missing.map((v) => `${v.name}=${v.localValue}`)];
  tree.write(file, `${text.replace(/\n*$/, '\n')}${lines.join('\n')}\n`);
  logger.info(`ready: ${file}: added ${missing.map((v) => v.name).join(', ')} with local addresses.`);
}
