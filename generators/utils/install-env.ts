/**
 * The environment an install runs in, for the generators' installs and create-ready-service's (no dependencies, so
 * the CLI can import it). Nx loads the workspace's .env into the generator's process, and an app whose .env says
 * NODE_ENV=production (or npm's production/omit settings, or a shell that exports them) would make `npm install`
 * prune every dev dependency, nx and typescript included. The install must not inherit that.
 */
export function installEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean = { ...env };
  for (const name of Object.keys(clean)) {
    if (/^(NODE_ENV|npm_config_(production|omit|only))$/i.test(name)) delete clean[name];
  }
  return clean;
}
