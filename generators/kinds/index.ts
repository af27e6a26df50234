import path from 'node:path';
import { dependencySchema } from '@ready-tools/config';
import { kindFilesDir } from '../utils/paths';
import * as specs from './all';
import type { Dependency, DependencyKind, KindSpec } from './kind-spec';

export type { ContainerSpec, Dependency, DependencyAlert, DependencyKind, KindSpec, LocalContainer, TroubleshootingRow } from './kind-spec';

/** The kinds of the schema enum (`dependencyKinds` in packages/config/src/schema.ts), in its order. */
export const DEPENDENCY_KINDS: readonly DependencyKind[] = dependencySchema.out.shape.kind.options;

// all.ts is generated from the enum by `npm run schema`. A kind of the enum without a line there (the schema not
// rerun) is a compile error here ("Property '<kind>' is missing"); a kind without generators/kinds/<kind>/spec.ts
// is one in all.ts ("Cannot find module").
const byKind: Record<DependencyKind, KindSpec> = specs;

/** Every kind's spec, keyed by kind, in the order of the schema enum. */
export const KIND_SPECS: Record<DependencyKind, KindSpec> = Object.fromEntries(DEPENDENCY_KINDS.map((kind) => [kind, byKind[kind]])) as Record<DependencyKind, KindSpec>;

export const kindSpec = (kind: DependencyKind): KindSpec => KIND_SPECS[kind];

/** Where a kind's own templates live (generators/kinds/<kind>/files, or dist/kinds/<kind>/files in the plugin). */
export const kindFile = (kind: DependencyKind, file: string) => path.join(kindFilesDir(kind), file);

/** `ORDERS_DB_PASSWORD`: the local password of a dependency whose container reads one, from the service's .env. */
export const passwordVariable = (dep: Dependency) => `${dep.envPrefix}_PASSWORD`;

/** Kinds whose client keeps a connection pool (db_pool_connections, the pool-exhaustion alert). */
export const pooledKinds = (): DependencyKind[] => DEPENDENCY_KINDS.filter((k) => KIND_SPECS[k].pooled);

/** Kinds whose data outlives a pod (BACKUP_RECOVERY.md, the restore drill). */
export const statefulKinds = (): DependencyKind[] => DEPENDENCY_KINDS.filter((k) => KIND_SPECS[k].stateful);

/** Kinds with a local compose container. */
export const containerKinds = (): DependencyKind[] => DEPENDENCY_KINDS.filter((k) => KIND_SPECS[k].container);
