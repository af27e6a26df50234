/**
 * Generates the matrix workspace (one service per config) and installs it, once for the matrix run.
 * A config whose generation throws is recorded, not fatal: its own tests report the error.
 * The workspace is removed afterwards unless MATRIX_KEEP is set (its path is printed either way).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { matrixConfigs } from './configs';
import { generateMatrixWorkspace, installMatrixWorkspace } from './workspace';

declare module 'vitest' {
  export interface ProvidedContext {
    matrixWorkspace: string;
    /** Service name → why ready:preset or ready:service threw for its config. */
    matrixGenerationErrors: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'ready-matrix-'));
  const ws = path.join(parent, 'ws');
  const configs = matrixConfigs();
  const started = Date.now();
  const { errors, warnings } = await generateMatrixWorkspace(ws, configs);
  const warningsFile = path.join(parent, 'generator-warnings.txt');
  writeFileSync(warningsFile, Object.entries(warnings).map(([svc, lines]) => lines.map((l) => `${svc}: ${l}`).join('\n')).join('\n'));
  const generated = Date.now();
  await installMatrixWorkspace(ws);
  console.log(
    `matrix: ${configs.length - Object.keys(errors).length}/${configs.length} services generated in ${((generated - started) / 1000).toFixed(1)} s ` +
      `(${Object.values(warnings).flat().length} generator warnings in ${warningsFile}), installed in ${((Date.now() - generated) / 1000).toFixed(1)} s, at ${ws}`,
  );
  project.provide('matrixWorkspace', ws);
  project.provide('matrixGenerationErrors', errors);
  return () => {
    if (!process.env.MATRIX_KEEP) rmSync(parent, { recursive: true, force: true });
  };
}
