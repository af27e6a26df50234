/**
 * Creates the one e2e workspace with the real CLI and a real npm install, once for every e2e file.
 * The service declares postgres, redis and a queue across dev, staging and prod, so every
 * config-derived artifact (env schema, manifests, alerts, workflows, docs) has something real to render.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { cliBin, run, tempDir } from './workspace';

export const E2E_SERVICE = 'shop';

export const E2E_CONFIG = `apiVersion: ready/v1
service:
  name: ${E2E_SERVICE}
  description: Checkout and order placement
  owner: checkout-team
  onCall: "#checkout-oncall"
  tier: high
  repository: https://github.com/example-org/shop
  docsBaseUrl: https://github.com/example-org/shop/blob/main/apps/shop
http:
  port: 3300
  corsOrigins: [https://app.example.com]
auth:
  mode: both
  jwt:
    issuer: https://auth.example.com/
    audience: shop-api
rateLimits:
  store: redis
  global: { max: 300, windowMs: 60000 }
  sensitive: { max: 5, windowMs: 60000 }
  routes:
    - { route: /v1/items, method: POST, max: 30, windowMs: 60000 }
dependencies:
  - name: orders-db
    kind: postgres
  - name: cache
    kind: redis
queues:
  - name: emails
    attempts: 3
metrics:
  - name: orders_placed_total
    type: counter
    help: Orders placed, by payment method
    labels:
      payment: [card, invoice]
  - name: checkout_duration_seconds
    type: histogram
    help: Time from opening the checkout to placing the order
    buckets: [1, 5, 30, 120, 600]
deploy:
  registry: ghcr.io/example-org
  environments:
    - name: dev
      replicas: { min: 2, max: 3 }
    - name: staging
      ingressHost: shop.staging.example.com
    - name: prod
      replicas: { min: 3, max: 10 }
      resources: { cpu: 500m, memory: 512Mi }
      ingressHost: shop.example.com
`;

declare module 'vitest' {
  export interface ProvidedContext {
    workspace: string;
    /** What the CLI printed while creating it (the next steps are followed by first-hour.e2e.ts). */
    cliOutput: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const parent = tempDir('ready-e2e-');
  const ws = path.join(parent, `${E2E_SERVICE}-workspace`);
  const config = path.join(parent, 'ready.yaml');
  writeFileSync(config, E2E_CONFIG);
  const { stdout } = await run(process.execPath, [cliBin, ws, '--yes', '--config', config], { cwd: parent });
  project.provide('workspace', ws);
  project.provide('cliOutput', stdout);
}
