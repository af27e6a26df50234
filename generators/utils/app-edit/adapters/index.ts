import { moduleReferences } from '../ast';
import { fastifyAdapter } from './fastify';
import type { FrameworkAdapter, FrameworkName, ProjectSource } from './types';

export type { AdapterEdit, FoundConstruction, FrameworkAdapter, FrameworkName, ListenCall, ProjectSource, ServerConstruction } from './types';

/** The module an app imports tells which framework it uses. */
const FRAMEWORK_MODULES: Record<string, FrameworkName> = { fastify: 'fastify', express: 'express' };

/** One entry per framework; a missing adapter is reported, not guessed at. Checked in this order. */
const ADAPTERS: Record<FrameworkName, FrameworkAdapter | undefined> = {
  fastify: fastifyAdapter,
  express: undefined,
};

export const supportedFrameworks = (Object.keys(ADAPTERS) as FrameworkName[]).filter((f) => ADAPTERS[f]);

/**
 * Pick the adapter for the framework the project's sources import.
 * Throws a message naming the framework (and the file that imports it) when there is no adapter for it yet.
 */
export function detectFramework(sources: ProjectSource[], context: { feature: string; project: string; sourceRoot: string }): FrameworkAdapter {
  const importedBy = new Map<FrameworkName, string>();
  for (const source of sources) {
    for (const ref of moduleReferences(source)) {
      const framework = FRAMEWORK_MODULES[ref.spec];
      if (framework && !importedBy.has(framework)) importedBy.set(framework, source.path);
    }
  }
  const framework = (Object.keys(ADAPTERS) as FrameworkName[]).find((f) => importedBy.has(f));
  if (!framework) {
    throw new Error(
      `ready: cannot tell which web framework project "${context.project}" uses: no TypeScript file under ${context.sourceRoot} imports ${Object.keys(FRAMEWORK_MODULES).join(' or ')}. ${context.feature} supports: ${supportedFrameworks.join(', ')}.`,
    );
  }
  const adapter = ADAPTERS[framework];
  if (!adapter) {
    throw new Error(
      `ready: ${framework} is not supported yet by ${context.feature} (project "${context.project}" imports ${framework} in ${importedBy.get(framework)}). Supported: ${supportedFrameworks.join(', ')}.`,
    );
  }
  return adapter;
}
