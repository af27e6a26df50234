import { moduleReferences } from '../ast';
import { expressAdapter } from './express';
import { fastifyAdapter } from './fastify';
import type { FrameworkAdapter, FrameworkName, ProjectSource } from './types';

export type { AdapterEdit, FoundConstruction, FrameworkAdapter, FrameworkName, ListenCall, ProjectSource, ServerConstruction } from './types';

/** The module an app imports tells which framework it uses. */
const FRAMEWORK_MODULES: Record<string, FrameworkName> = { '@nestjs/core': 'nestjs', fastify: 'fastify', express: 'express' };

/**
 * One entry per framework; a missing adapter is reported, not guessed at. Checked in this order: NestJS first, since a
 * Nest app imports express or fastify types too.
 */
const ADAPTERS: Record<FrameworkName, FrameworkAdapter | undefined> = {
  nestjs: undefined,
  fastify: fastifyAdapter,
  express: expressAdapter,
};

const LABELS: Record<FrameworkName, string> = { nestjs: 'NestJS', fastify: 'Fastify', express: 'Express' };

/** The framework an app's sources import (the first in ADAPTERS' order), and the file that imports it. */
export function importedFramework(sources: ProjectSource[]): { framework: FrameworkName; file: string } | undefined {
  const importedBy = new Map<FrameworkName, string>();
  for (const source of sources) {
    for (const ref of moduleReferences(source)) {
      const framework = FRAMEWORK_MODULES[ref.spec];
      if (framework && !importedBy.has(framework)) importedBy.set(framework, source.path);
    }
  }
  const framework = (Object.keys(ADAPTERS) as FrameworkName[]).find((f) => importedBy.has(f));
  return framework ? { framework, file: importedBy.get(framework) as string } : undefined;
}

/**
 * Pick the adapter for the framework the project's sources import, among those the feature supports.
 * Throws a message naming the framework (and the file that imports it) when the feature does not support it.
 */
export function detectFramework(
  sources: ProjectSource[],
  context: { feature: string; project: string; sourceRoot: string; supports: readonly FrameworkName[] },
): FrameworkAdapter {
  const supported = context.supports.filter((f) => ADAPTERS[f]).map((f) => LABELS[f]).join(', ');
  const found = importedFramework(sources);
  if (!found) {
    throw new Error(
      `ready: cannot tell which web framework project "${context.project}" uses: no TypeScript file under ${context.sourceRoot} imports ${Object.keys(FRAMEWORK_MODULES).join(', ')}. ${context.feature} supports: ${supported}.`,
    );
  }
  const adapter = ADAPTERS[found.framework];
  if (!adapter || !context.supports.includes(found.framework)) {
    throw new Error(
      `ready: ${context.feature} does not support ${LABELS[found.framework]} apps yet (project "${context.project}" is taken for ${LABELS[found.framework]} because ${found.file} imports ${Object.entries(FRAMEWORK_MODULES).find(([, f]) => f === found.framework)?.[0]}). It supports: ${supported}. Nothing was written.`,
    );
  }
  return adapter;
}
