import { createHash, randomBytes } from 'node:crypto';
import type { ReadyModel, ReadyPluginApi } from './plugin-api';

/** The variable of the local .env holding the plaintext API key whose hash is in API_KEYS (the token target prints it). */
export const LOCAL_API_KEY_VAR = 'LOCAL_API_KEY';

export const localEnvPath = (name: string) => `apps/${name}/.env`;

/**
 * apps/<name>/.env for local runs (Nx loads it into `nx serve` and `nx run <name>:token`): development mode,
 * a fresh secret for each credential the auth mode needs, and the local address of every dependency.
 * It is git-ignored by the workspace's .gitignore; nothing in it is used in production.
 */
export function renderLocalEnv(plugin: ReadyPluginApi, model: ReadyModel, random: (bytes: number) => Buffer = randomBytes): string {
  const { mode, roles } = model.auth;
  const lines = [
    '# Local settings of this service for `nx serve` and its `token` target, written by create-ready-service.',
    '# Git-ignored and for this machine only: never commit it. Deployed environments get their variables from',
    '# the deployment (see docs/ENVIRONMENT.md); production refuses these development values.',
    'NODE_ENV=development',
  ];
  if (mode === 'jwt' || mode === 'both') {
    lines.push('', '# Signs and verifies local tokens (HS256): `nx run <service>:token --role <role>` mints one.', `JWT_SECRET=${random(32).toString('base64url')}`);
  }
  if (mode === 'api-key' || mode === 'both') {
    const key = random(24).toString('base64url');
    const hash = createHash('sha256').update(key).digest('hex');
    lines.push(
      '',
      `# One local API key with every role; the service keeps only its hash (API_KEYS), ${LOCAL_API_KEY_VAR} is the key itself.`,
      `API_KEYS=local:${hash}:${roles.join('+')}`,
      `${LOCAL_API_KEY_VAR}=${key}`,
    );
  }
  // Dependencies at their local addresses (docker-compose.yaml, or a server already running on loopback).
  const local = (plugin.serviceEnvVars?.(model) ?? []).filter((v) => v.localValue !== undefined);
  if (local.length > 0) {
    lines.push('', '# Dependencies on this machine: docker compose up -d, or servers already listening on loopback.');
    for (const v of local) lines.push(`${v.name}=${v.localValue}`);
  }
  return `${lines.join('\n')}\n`;
}
