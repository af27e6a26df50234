import type { KindSpec } from '../kind-spec';

/** An HTTPS API, called through undici (installed for every service: the generated policy tests drive this client). */
export const spec: KindSpec = {
  kind: 'http',
  title: 'HTTP API',
  defaultPort: 443,
  egressPort: 443,
  urlScheme: 'https',
  packages: { dependencies: {}, devDependencies: {} },
  clientClass: 'HttpClient',
  clientTemplate: 'http.ts__tmpl__',
  pooled: false,
  stateful: false,
  alerts: ['circuit-breaker', 'llm-failures'],
  troubleshooting: () => [],
  cli: true,
};
