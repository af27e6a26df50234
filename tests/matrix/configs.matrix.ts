/**
 * The generated-config matrix (configs.ts):
 * - every config generates a service that typechecks and lints out of the box, as its `typecheck` target
 *   (tsc on tsconfig.app.json and tsconfig.spec.json) and `lint` target (eslint) check it;
 * - a sample (sampleConfigs: every dependency kind, queue backend, cache and auth mode at least once) passes
 *   its own generated suite against the real Postgres, Redis and RabbitMQ of this machine.
 * Everything starts in beforeAll: the checks in two forked workers (two services at a time), the sample
 * suites one after another in the background (they mostly wait on I/O and timers); each test awaits its own.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { CheckPool, type ServiceCheck } from './checks';
import { matrixConfigs, sampleConfigs, type MatrixConfig } from './configs';
import { runOwnTests, type OwnTestsResult } from './own-tests';

const configs = matrixConfigs();
const sample = sampleConfigs(configs);
const summary = {
  checked: [] as { name: string; typecheck: boolean; lint: boolean; ms: number; output: string }[],
  ownTests: [] as ({ name: string } & OwnTestsResult)[],
};
let pool: CheckPool | undefined;
const checks = new Map<string, Promise<ServiceCheck>>();
const ownRuns = new Map<string, Promise<OwnTestsResult>>();

const titleOf = (c: MatrixConfig) => (c.knownBad ? `${c.title} (issue 10: ${c.knownBad})` : c.title);
const generationError = (c: MatrixConfig) => inject('matrixGenerationErrors')[c.name];

let startedAt = 0;
beforeAll(() => {
  startedAt = Date.now();
  const ws = inject('matrixWorkspace');
  const toCheck = configs.filter((c) => !generationError(c));
  pool = new CheckPool(ws, Math.min(2, os.availableParallelism(), toCheck.length));
  for (const config of toCheck) checks.set(config.name, pool.check(config.name));
  let previous: Promise<unknown> = Promise.resolve();
  for (const config of sample.filter((c) => !generationError(c))) {
    const run = previous.then(() => runOwnTests(ws, config)).catch((err: unknown): OwnTestsResult => ({ ok: false, report: `the harness failed: ${err instanceof Error ? err.stack : String(err)}`, ms: 0 }));
    ownRuns.set(config.name, run);
    previous = run;
  }
});

afterAll(async () => {
  await Promise.all([...checks.values(), ...ownRuns.values()]);
  pool?.close();
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const { checked, ownTests } = summary;
  console.log(
    `matrix: ${configs.length} configs in ${seconds(Date.now() - startedAt)}; ${checked.length} checked (${seconds(checked.reduce((n, r) => n + r.ms, 0))} of checks): ` +
      `${checked.filter((r) => r.typecheck).length} typecheck, ${checked.filter((r) => r.lint).length} lint clean; ` +
      `${ownTests.length} own suites run in ${seconds(ownTests.reduce((n, r) => n + r.ms, 0))}: ${ownTests.filter((r) => r.ok).length} passed`,
  );
  writeFileSync(path.join(path.dirname(inject('matrixWorkspace')), 'summary.json'), JSON.stringify(summary, null, 2));
});

describe('typechecks and lints', () => {
  for (const config of configs) {
    test(titleOf(config), async () => {
      expect(generationError(config), `ready:service threw for ${config.name}:\n${config.yaml}`).toBeUndefined();
      const check = await checks.get(config.name)!;
      if (check.error) throw new Error(`the checker failed: ${check.error}`);
      const results = check.results!;
      const failed = results.filter((r) => !r.ok);
      const output = failed.map((r) => `$ ${r.command}\n${r.output.trim()}`).join('\n\n');
      const [app, spec, lint] = results;
      summary.checked.push({ name: config.name, typecheck: app.ok && spec.ok, lint: lint.ok, ms: results.reduce((n, r) => n + r.ms, 0), output });
      if (failed.length > 0) throw new Error(`${output}\n\nready.yaml:\n${config.yaml}`);
    });
  }
});

describe('passes its own generated tests', () => {
  for (const config of sample) {
    test(titleOf(config), async () => {
      expect(generationError(config), `ready:service threw for ${config.name}`).toBeUndefined();
      const result = await ownRuns.get(config.name)!;
      summary.ownTests.push({ name: config.name, ...result });
      if (!result.ok) throw new Error(`${result.report}\n\nready.yaml:\n${config.yaml}`);
    });
  }
});
