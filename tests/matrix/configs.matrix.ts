/**
 * The generated-config matrix (configs.ts):
 * - every config generates a service that typechecks and lints out of the box, as its `typecheck` target
 *   (tsc on tsconfig.app.json and tsconfig.spec.json) and `lint` target (eslint) check it;
 * - a sample (sampleConfigs: every dependency kind, queue backend, cache and auth mode at least once) passes
 *   its own generated suite against the real Postgres, Redis and RabbitMQ of this machine.
 * The sample suites start in the background right away and run one after another while the checks run in
 * this process: they mostly wait on I/O and timers, the checks mostly compute.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { ServiceChecker, type CheckResult } from './checks';
import { matrixConfigs, sampleConfigs, type MatrixConfig } from './configs';
import { runOwnTests, type OwnTestsResult } from './own-tests';

const configs = matrixConfigs();
const sample = sampleConfigs(configs);
const summary = {
  checked: [] as { name: string; typecheck: boolean; lint: boolean; ms: number; output: string }[],
  ownTests: [] as ({ name: string } & OwnTestsResult)[],
};
let checker: ServiceChecker;
const ownRuns = new Map<string, Promise<OwnTestsResult>>();

const titleOf = (c: MatrixConfig) => (c.knownBad ? `${c.title} (issue 10: ${c.knownBad})` : c.title);
const generationError = (c: MatrixConfig) => inject('matrixGenerationErrors')[c.name];

beforeAll(() => {
  const ws = inject('matrixWorkspace');
  checker = new ServiceChecker(ws);
  let previous: Promise<unknown> = Promise.resolve();
  for (const config of sample.filter((c) => !generationError(c))) {
    const run = previous.then(() => runOwnTests(ws, config)).catch((err: unknown): OwnTestsResult => ({ ok: false, report: `the harness failed: ${err instanceof Error ? err.stack : String(err)}`, ms: 0 }));
    ownRuns.set(config.name, run);
    previous = run;
  }
});

afterAll(async () => {
  await Promise.all(ownRuns.values());
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const { checked, ownTests } = summary;
  console.log(
    `matrix: ${configs.length} configs; ${checked.length} checked in ${seconds(checked.reduce((n, r) => n + r.ms, 0))}: ` +
      `${checked.filter((r) => r.typecheck).length} typecheck, ${checked.filter((r) => r.lint).length} lint clean; ` +
      `${ownTests.length} own suites run in ${seconds(ownTests.reduce((n, r) => n + r.ms, 0))}: ${ownTests.filter((r) => r.ok).length} passed`,
  );
  writeFileSync(path.join(path.dirname(inject('matrixWorkspace')), 'summary.json'), JSON.stringify(summary, null, 2));
});

describe('typechecks and lints', () => {
  for (const config of configs) {
    test(titleOf(config), async () => {
      expect(generationError(config), `ready:service threw for ${config.name}:\n${config.yaml}`).toBeUndefined();
      const root = `apps/${config.name}`;
      const [app, spec] = checker.typecheck([`${root}/tsconfig.app.json`, `${root}/tsconfig.spec.json`]);
      const lint = await checker.lint(root);
      const failed = (
        [
          [`tsc -p ${root}/tsconfig.app.json --noEmit`, app],
          [`tsc -p ${root}/tsconfig.spec.json --noEmit`, spec],
          [`eslint ${root}`, lint],
        ] as [string, CheckResult][]
      ).filter(([, r]) => !r.ok);
      const output = failed.map(([cmd, r]) => `$ ${cmd}\n${r.output.trim()}`).join('\n\n');
      summary.checked.push({ name: config.name, typecheck: app.ok && spec.ok, lint: lint.ok, ms: app.ms + spec.ms + lint.ms, output });
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
