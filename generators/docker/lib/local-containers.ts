import type { ReadyModel } from '@ready-tools/config';
import { KIND_SPECS, passwordVariable, type ContainerSpec, type LocalContainer } from '../../kinds';

type Dependency = ReadyModel['dependencies'][number];

export { passwordVariable, type LocalContainer };

/**
 * Images of the local stack, pinned to an exact release so every developer runs the same thing: each
 * dependency kind's in its spec (generators/kinds/<kind>/spec.ts), Prometheus here.
 * Bump them there; Dependabot's docker ecosystem does not read compose files.
 */
export const PROMETHEUS_IMAGE = 'prom/prometheus:v3.0.1';

/** The local container of a dependency's kind, if it has one (http and custom dependencies have none). */
export function containerOf(dep: Dependency): ContainerSpec | undefined {
  return KIND_SPECS[dep.kind].container;
}

/**
 * The container of one dependency. Credentials are never written here: compose reads `<DEP>_PASSWORD`
 * from the .env next to the compose file and refuses to start without it.
 */
export function localContainer(dep: Dependency, container: ContainerSpec, envFile: string): LocalContainer {
  const password = passwordVariable(dep);
  const built = container.build({ dep, db: dep.name.replace(/-/g, '_'), password, requiredPassword: `\${${password}:?set ${password} in ${envFile}}` });
  return { url: built.url, service: { image: container.image, ...built.service } };
}
