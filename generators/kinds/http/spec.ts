import type { KindSpec } from '../kind-spec';

/** An HTTPS API, called through undici (installed for every service: the generated policy tests drive this client). */
export const spec: KindSpec = {
  kind: 'http',
  title: 'HTTP API',
  defaultPort: 443,
  egressPort: 443,
  urlScheme: 'https',
  // Tests and the local .env point at a stub on 127.0.0.1: an absent one fails fast (connection refused).
  localUrl: (name) => `http://127.0.0.1:8080/${name}`,
  packages: { dependencies: {}, devDependencies: {} },
  credential: 'Authorization: Bearer header',
  clientClass: 'HttpClient',
  clientTemplate: 'http.ts__tmpl__',
  pooled: false,
  stateful: false,
  alerts: ['circuit-breaker', 'llm-failures'],
  troubleshooting: () => [],
  cli: true,
};
