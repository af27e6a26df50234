import type { ReadyFeature } from '../utils/feature';
import { createBusinessMetricsFiles, retireBusinessMetrics } from './lib/create-files';

/** Business metrics declared in ready.yaml (`metrics`): typed helpers on `app.businessMetrics`, `src/business-metrics/`. */
export const businessMetricsFeature: ReadyFeature = {
  name: 'business-metrics',
  enabled: (model) => model.metrics.length > 0,
  plugins: (model) => [
    {
      name: 'businessMetrics',
      from: '../business-metrics',
      options: '{}',
      connects: false,
      summary: `Business metrics (${model.metrics.map((m) => m.name).join(', ')}) as typed helpers on app.businessMetrics, every series at 0 from startup.`,
    },
  ],
  createFiles: createBusinessMetricsFiles,
  retire: (tree, ctx) => {
    retireBusinessMetrics(tree, ctx);
  },
  requires: ['observability'],
};
