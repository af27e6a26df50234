import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { logger, type Tree } from '@nx/devkit';
import { defaultConfig, parseConfigYaml, renderConfigYaml, type ReadyConfigInput, type ReadyModel } from '@ready-tools/config';
import { configPath, writeServiceConfigIfMissing } from '../../utils/model';
import type { NormalizedServiceOptions } from './normalize-options';

export interface ResolvedConfig {
  model: ReadyModel;
  /** Store the config at <projectRoot>/ready.yaml; called only after everything validated. */
  persist(tree: Tree): void;
}

/** Where the editor finds the JSON Schema of ready.yaml, relative to the app folder. */
export function schemaPathFor(options: NormalizedServiceOptions): string {
  return `${options.offset}node_modules/ready/ready.schema.json`;
}

function readConfigFile(tree: Tree, file: string): { text: string; source: string } {
  const inTree = path.isAbsolute(file) ? undefined : tree.read(file, 'utf-8');
  if (inTree !== null && inTree !== undefined) return { text: inTree, source: file };
  const onDisk = path.isAbsolute(file) ? file : path.resolve(process.cwd(), file);
  if (!existsSync(onDisk)) throw new Error(`ready: --config ${file} not found (looked in the workspace and at ${onDisk})`);
  return { text: readFileSync(onDisk, 'utf-8'), source: onDisk };
}

/**
 * Find the service's config and validate it, without writing anything: a ReadyConfigError thrown
 * here leaves the tree untouched. Precedence: --config, then an existing <dir>/ready.yaml, then a
 * new config built from the flags.
 */
export function resolveConfig(tree: Tree, options: NormalizedServiceOptions): ResolvedConfig {
  const target = configPath(options.projectRoot);

  if (options.config) {
    const { text, source } = readConfigFile(tree, options.config);
    const model = parseConfigYaml(text, source);
    assertSameName(model, options);
    return { model, persist: (t) => t.write(target, text) };
  }

  const existing = tree.read(target, 'utf-8');
  if (existing !== null) {
    const model = parseConfigYaml(existing, target);
    assertSameName(model, options);
    const ignored = (['description', 'owner', 'port', 'authMode'] as const).filter((k) => options[k] !== undefined);
    if (ignored.length > 0) {
      logger.warn(`ready: ${target} exists, so ${ignored.map((k) => `--${k}`).join(', ')} ignored; edit ready.yaml instead.`);
    }
    return { model, persist: () => undefined };
  }

  const config = defaultConfig(options.name, {
    service: {
      name: options.name,
      ...(options.description ? { description: options.description } : {}),
      ...(options.owner ? { owner: options.owner } : {}),
    },
    ...(options.port !== undefined ? { http: { port: options.port } } : {}),
    ...(options.authMode ? { auth: { mode: options.authMode } } : {}),
  } as Partial<ReadyConfigInput>);
  const model = parseConfigYaml(renderConfigYaml(config, schemaPathFor(options)), `${target} (from flags)`);
  return { model, persist: (t) => writeServiceConfigIfMissing(t, options.projectRoot, config, schemaPathFor(options)) };
}

function assertSameName(model: ReadyModel, options: NormalizedServiceOptions): void {
  if (model.service.name !== options.name) {
    throw new Error(
      `ready: the service is named "${options.name}" but its ready.yaml says service.name "${model.service.name}"; use the same name in both.`,
    );
  }
}
