import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as config from '@ready-tools/config';
import { presetGenerator } from '../../../generators/preset/generator';
import { serviceEnvVars } from '../../../generators/features';
import { initGenerator } from '../../../generators/init/generator';
import type { CliContext } from './cli';
import type { ReadyPluginApi } from './plugin-api';

/** The plugin API straight from sources, as the bundled package exports it. */
export const pluginFromSources = { ...config, presetGenerator, serviceEnvVars, initGenerator } as unknown as ReadyPluginApi;

export function buffer() {
  return {
    text: '',
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

export function tempDir(prefix = 'crs-spec-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A non-interactive context rooted at `cwd`, capturing output. */
export function testContext(cwd: string, env: NodeJS.ProcessEnv = {}) {
  const stdout = buffer();
  const stderr = buffer();
  const context: Partial<CliContext> = {
    cwd,
    env: { READY_PACKAGE_SPEC: 'file:/tmp/ready-tools-ready-0.1.0.tgz', ...env },
    stdout,
    stderr,
    stdinIsTTY: false,
    stdoutIsTTY: false,
    plugin: pluginFromSources,
  };
  return { context, stdout, stderr };
}
