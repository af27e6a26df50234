import type { KindSpec } from '../kind-spec';

/** Anything else: the team writes its health check (src/dependencies/custom/<name>.ts); assumed to be an HTTPS API. */
export const spec: KindSpec = {
  kind: 'custom',
  title: 'custom dependency',
  defaultPort: 443,
  egressPort: 443,
  urlScheme: 'https',
  // Tests and the local .env point at a stub on 127.0.0.1: an absent one fails fast (connection refused).
  localUrl: (name) => `http://127.0.0.1:8080/${name}`,
  packages: { dependencies: {}, devDependencies: {} },
  clientClass: 'CustomClient',
  clientTemplate: 'custom.ts__tmpl__',
  pooled: false,
  stateful: false,
  alerts: ['circuit-breaker'],
  troubleshooting: () => [],
  cli: false,
};
