import type { ReadyModel } from '@ready-tools/config';
import type { EnvVarSpec } from '../../utils/env-vars';
import { KIND_SPECS } from '../../kinds';
import { dependencyVar } from './model-view';

const PRICE = '^\\d+(\\.\\d+)?$';

/** The environment variables the resilience feature reads, beyond each dependency's <NAME>_URL. */
export function resilienceEnvVars(model: ReadyModel): EnvVarSpec[] {
  if (model.dependencies.length === 0) return [];
  const vars: EnvVarSpec[] = [
    {
      name: 'DEPENDENCY_SLOW_MS',
      type: 'integer',
      min: 1,
      max: 3_600_000,
      default: String(model.observability.slowRequestMs),
      required: false,
      secret: false,
      description: 'Outbound dependency calls slower than this many milliseconds (retries included) log a "slow dependency call" warning.',
    },
  ];
  for (const dep of model.dependencies.filter((d) => d.tokenVar)) {
    const sent = dep.llm?.provider === 'anthropic' ? 'x-api-key header' : KIND_SPECS[dep.kind].credential;
    vars.push({
      name: dep.tokenVar!,
      type: 'string',
      required: false,
      secret: true,
      description: `API key sent to the ${dep.kind} dependency "${dep.name}" (${sent}); unset sends none.`,
    });
  }
  for (const dep of model.dependencies.filter((d) => d.kind === 'http')) {
    if (dep.llm) {
      for (const [suffix, what] of [
        ['INPUT_USD_PER_MTOK', 'input'],
        ['OUTPUT_USD_PER_MTOK', 'output'],
      ] as const) {
        vars.push({
          name: dependencyVar(dep, suffix),
          type: 'string',
          pattern: PRICE,
          patternHint: 'a decimal number such as 2.5',
          required: false,
          secret: false,
          description: `Price of one million ${what} tokens of "${dep.name}" (${dep.llm.provider}) in US dollars, for llm_estimated_cost_usd_total; unset counts no cost.`,
        });
      }
    }
  }
  return vars;
}
