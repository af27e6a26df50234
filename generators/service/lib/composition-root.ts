import path from 'node:path';
import { joinPathFragments, type Tree } from '@nx/devkit';
import type { ReadyModel } from '@ready-tools/config';
import { generatedMarker, renderTemplateDir, writeDerivedFile } from '../../utils/derived-files';
import { enabledFeatures } from '../../features';
import type { PluginSpec, ServerOptionsSpec } from '../../utils/feature';
import { templatesDir } from '../../utils/paths';

export type { PluginSpec, ServerOptionsSpec };

/** Where the composition root lives in the service, relative to the project root. */
export const COMPOSITION_ROOT_FILE = 'src/config/plugins.ts';

export interface CompositionRoot {
  plugins: PluginSpec[];
  serverOptions: ServerOptionsSpec[];
  /** One import line per module: the identifiers above, plus the types the file needs. */
  imports: { from: string; names: string[] }[];
}

/**
 * The service's plugins and server options, a pure function of ready.yaml: observability first (errors, metrics,
 * request ids), security before every route, then what opens connections (dependency clients, the queues
 * when ready.yaml declares some, the caches when it declares some).
 */
export function compositionRoot(model: ReadyModel): CompositionRoot {
  const features = enabledFeatures(model);
  const plugins = features.flatMap((feature) => feature.plugins?.(model) ?? []);
  const serverOptions = features.flatMap((feature) => feature.serverOptions?.(model) ?? []);
  const byModule = new Map<string, string[]>();
  const add = (from: string, name: string) => byModule.set(from, [...(byModule.get(from) ?? []), name]);
  for (const p of plugins) add(p.from, p.name);
  for (const s of serverOptions) add(s.from, s.name);
  add('../security', 'type SecurityOptions');
  const imports = [...byModule].map(([from, names]) => ({ from, names }));
  return { plugins, serverOptions, imports };
}

export interface CompositionRootContext {
  projectRoot: string;
  model: ReadyModel;
  /** The command written into the marker, e.g. `npx nx sync`. */
  regenerate: string;
}

/**
 * Render `<projectRoot>/src/config/plugins.ts`, the derived composition root `buildApp` iterates: rewritten on every
 * run (one derived-file policy: a copy without the marker is kept), so a queue or cache added to ready.yaml is
 * registered after `npx nx sync` while app.ts, the team's, stays as it is.
 */
export function createCompositionRoot(tree: Tree, ctx: CompositionRootContext): void {
  const vars = { marker: generatedMarker(ctx.regenerate), model: ctx.model, ...compositionRoot(ctx.model) };
  for (const file of renderTemplateDir(path.join(templatesDir('service'), 'composition'), vars)) {
    writeDerivedFile(tree, joinPathFragments(ctx.projectRoot, path.posix.join('src', 'config', file.path)), file.content);
  }
}
