import path from 'node:path';
import type { FeatureContext } from '../../../utils/feature';
import { servicePaths } from './paths';
import { checkoutStep, RUNNER, script } from './steps';
import { releaseKustomization } from '../../../utils/release';

type Environment = FeatureContext['model']['environments'][number];

const ROLLOUT_TIMEOUT = '10m';

/** Comment lines above the workflow's first key: why these triggers. */
export const DEPLOY_TRIGGER_NOTE = [
  'Triggers: the CI workflow calls this one (workflow_call) after its image job, on pushes to main only,',
  'so a deploy always ships the image CI just built and scanned. workflow_dispatch redeploys a tag or',
  'rolls an environment back by hand. There is no workflow_run trigger: it would run with secrets on',
  'code a pull request controls.',
];

/**
 * `.github/workflows/<name>-deploy.yml`: one job per environment of ready.yaml, in order, each gated on
 * the previous one and on its GitHub environment (which carries the approval), serialized per
 * environment. A failed rollout is undone in the same job; a manual rollback job covers the rest.
 */
export function renderDeployWorkflow(ctx: FeatureContext): { workflow: object; jobComments: Record<string, string[]> } {
  const { model } = ctx;
  const envNames = model.environments.map((e) => e.name);
  const jobs: Record<string, object> = {
    'image-tag': {
      name: 'Validate the image tag',
      if: "inputs.action != 'rollback'",
      'runs-on': RUNNER,
      'timeout-minutes': 5,
      outputs: { tag: '${{ steps.tag.outputs.tag }}' },
      steps: [
        {
          name: 'Check the tag is a plain image tag',
          id: 'tag',
          env: { IMAGE_TAG: '${{ inputs.image-tag }}' },
          run: script([
            'if [[ ! "$IMAGE_TAG" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]]; then',
            '  echo "::error::image-tag must be an image tag such as the commit SHA CI pushed, got \'$IMAGE_TAG\'"',
            '  exit 1',
            'fi',
            'echo "tag=$IMAGE_TAG" >> "$GITHUB_OUTPUT"',
          ]),
        },
      ],
    },
  };
  const jobComments: Record<string, string[]> = {};
  model.environments.forEach((env, i) => {
    const id = deployJobId(env.name);
    jobs[id] = deployJob(ctx, env, i === 0 ? undefined : deployJobId(model.environments[i - 1].name));
    jobComments[id] = approvalNote(env);
  });
  jobs.rollback = rollbackJob(ctx);

  return {
    jobComments,
    workflow: {
      name: `${model.names.kebab} deploy`,
      on: {
        workflow_call: {
          inputs: {
            'image-tag': { description: 'Image tag to deploy (the commit SHA CI pushed)', required: true, type: 'string' },
          },
        },
        workflow_dispatch: {
          inputs: {
            action: {
              description: 'deploy: roll image-tag out through every environment in order; rollback: undo the last rollout of one environment',
              type: 'choice',
              options: ['deploy', 'rollback'],
              default: 'deploy',
              required: true,
            },
            'image-tag': { description: 'Image tag to deploy (deploy only), e.g. a commit SHA of main', type: 'string', required: false },
            environment: {
              description: 'Environment to roll back (rollback only)',
              type: 'choice',
              options: envNames,
              default: envNames[envNames.length - 1],
              required: true,
            },
          },
        },
      },
      permissions: { contents: 'read' },
      defaults: { run: { shell: 'bash' } },
      jobs,
    },
  };
}

export const deployJobId = (env: string) => `deploy-${env}`;

function approvalNote(env: Environment): string[] {
  return env.requireApproval
    ? [
        `${env.name}: deploys wait for approval. The approval lives on the GitHub environment "${env.name}":`,
        `Settings > Environments > ${env.name} > Deployment protection rules > Required reviewers (ready.yaml requireApproval: true).`,
      ]
    : [`${env.name}: deploys without approval (ready.yaml requireApproval: false).`];
}

/** Writes the kubeconfig from the environment's KUBE_CONFIG secret; the secret never appears in the file. */
function clusterAccessStep(envLabel: string): object {
  return {
    name: 'Configure cluster access',
    env: { KUBE_CONFIG: '${{ secrets.KUBE_CONFIG }}' },
    run: script([
      'if [ -z "$KUBE_CONFIG" ]; then',
      `  echo "::error::secret KUBE_CONFIG is not set on the GitHub environment ${envLabel}"`,
      '  exit 1',
      'fi',
      'umask 077',
      'printf \'%s\\n\' "$KUBE_CONFIG" > "$RUNNER_TEMP/kubeconfig"',
      'echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV"',
    ]),
  };
}

function deployJob(ctx: FeatureContext, env: Environment, previous: string | undefined): object {
  const name = ctx.model.names.kebab;
  const ns = env.namespace;
  const overlay = servicePaths(ctx.projectRoot).overlay(env.name);
  return {
    name: `Deploy to ${env.name}`,
    // The tag comes from image-tag; the order from the previous environment.
    needs: previous ? ['image-tag', previous] : ['image-tag'],
    'runs-on': RUNNER,
    'timeout-minutes': 30,
    environment: env.ingressHost ? { name: env.name, url: `https://${env.ingressHost}` } : { name: env.name },
    // One deploy per environment at a time; a running deploy is never cancelled.
    concurrency: { group: `deploy-${name}-${env.name}`, 'cancel-in-progress': false },
    env: { IMAGE_TAG: '${{ needs.image-tag.outputs.tag }}', RELEASE: `${path.posix.dirname(path.posix.dirname(overlay))}/release-${env.name}` },
    steps: [
      checkoutStep(),
      clusterAccessStep(env.name),
      {
        name: 'Record the running revision',
        id: 'before',
        run: script([
          `revision="$(kubectl -n ${ns} get deployment/${name} --ignore-not-found -o jsonpath='{.metadata.annotations.deployment\\.kubernetes\\.io/revision}')"`,
          'echo "revision=$revision" >> "$GITHUB_OUTPUT"',
        ]),
      },
      {
        // The committed overlay keeps tag 0.0.0: a release overlay beside it sets the tag and the version
        // label together, so the pods report the deployed tag and nothing committed changes.
        name: 'Write the release overlay',
        run: script([`mkdir -p "$RELEASE"`, `cat > "$RELEASE/kustomization.yaml" <<EOF`, releaseKustomization(ctx.model, env.name, '$IMAGE_TAG'), 'EOF']),
      },
      { name: `Apply the ${env.name} release`, id: 'apply', run: 'kubectl apply -k "$RELEASE"' },
      {
        name: 'Verify the rollout and readiness',
        run: script([
          `kubectl -n ${ns} rollout status deployment/${name} --timeout=${ROLLOUT_TIMEOUT}`,
          `kubectl -n ${ns} wait --for=condition=Available deployment/${name} --timeout=5m`,
        ]),
      },
      {
        // A step, not a separate job: a job would wait for the environment's approval again before it
        // could undo a broken prod rollout, and would need its own cluster credentials.
        name: 'Roll back a failed rollout',
        if: "failure() && steps.apply.outcome != 'skipped'",
        env: { PREVIOUS_REVISION: '${{ steps.before.outputs.revision }}' },
        run: script([
          'if [ -z "$PREVIOUS_REVISION" ]; then',
          `  echo "::error::deployment/${name} had no earlier revision in ${ns}; nothing to roll back to"`,
          '  exit 1',
          'fi',
          `kubectl -n ${ns} rollout undo deployment/${name} --to-revision="$PREVIOUS_REVISION"`,
          `kubectl -n ${ns} rollout status deployment/${name} --timeout=${ROLLOUT_TIMEOUT}`,
        ]),
      },
    ],
  };
}

/** workflow_dispatch with action=rollback: undo the last rollout of the chosen environment. */
function rollbackJob(ctx: FeatureContext): object {
  const name = ctx.model.names.kebab;
  const cases = ctx.model.environments.flatMap((env) => [
    `  ${env.name})`,
    `    kubectl -n ${env.namespace} rollout undo deployment/${name}`,
    `    kubectl -n ${env.namespace} rollout status deployment/${name} --timeout=${ROLLOUT_TIMEOUT}`,
    '    ;;',
  ]);
  return {
    name: 'Roll back ${{ inputs.environment }}',
    if: "inputs.action == 'rollback'",
    'runs-on': RUNNER,
    'timeout-minutes': 15,
    environment: '${{ inputs.environment }}',
    concurrency: { group: `deploy-${name}-\${{ inputs.environment }}`, 'cancel-in-progress': false },
    steps: [
      clusterAccessStep('being rolled back'),
      {
        name: 'Undo the last rollout',
        env: { TARGET_ENV: '${{ inputs.environment }}' },
        run: script([
          'case "$TARGET_ENV" in',
          ...cases,
          '  *)',
          '    echo "::error::unknown environment $TARGET_ENV"',
          '    exit 1',
          '    ;;',
          'esac',
        ]),
      },
    ],
  };
}
