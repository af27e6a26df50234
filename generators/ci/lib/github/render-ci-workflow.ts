import type { ReadyModel } from '@ready-tools/config';
import type { FeatureContext } from '../../../utils/feature';
import { CRD_SCHEMA_LOCATION, GO_VERSION, KUBE_SCORE_MODULE, TOOLS, uses } from '../actions';
import { ciWorkflowPath, deployWorkflowPath, servicePaths } from './paths';
import { checkoutStep, installVerifiedTool, RUNNER, script } from './steps';

/**
 * `.github/workflows/<name>-ci.yml`: verify, alerts and manifests gates in parallel, then the image
 * (built once, scanned, SBOM'd, pushed by commit SHA on main), then the deploy workflow on main.
 *
 * Nothing here depends on the list of environments: the manifests job validates every overlay folder
 * it finds, so adding an environment to ready.yaml changes only the deploy workflow.
 */
export function renderCiWorkflow(ctx: FeatureContext): object {
  const { model } = ctx;
  const name = model.names.kebab;
  const paths = servicePaths(ctx.projectRoot);
  const image = model.image;
  const registry = registryLogin(model);

  return {
    name: `${name} CI`,
    on: {
      pull_request: { paths: triggerPaths(ctx) },
      push: { branches: ['main'], paths: triggerPaths(ctx) },
    },
    // Read-only by default; the image job alone asks for more.
    permissions: { contents: 'read' },
    // A newer commit on a PR cancels the older run. Pushes to main get one group per commit, so a
    // merge never cancels a run that is deploying; deploys are serialized per environment instead.
    concurrency: {
      group: `${name}-ci-\${{ github.event_name == 'push' && github.sha || github.ref }}`,
      'cancel-in-progress': true,
    },
    defaults: { run: { shell: 'bash' } },
    jobs: {
      verify: {
        name: 'Lint, typecheck, test, build',
        'runs-on': RUNNER,
        'timeout-minutes': 30,
        steps: [
          checkoutStep(),
          {
            name: 'Set up Node.js',
            uses: uses('setupNode'),
            with: { 'node-version': model.runtime.node, cache: 'npm' },
          },
          { name: 'Install dependencies from the lockfile', run: 'npm ci' },
          { name: 'Lint, typecheck, test and build', run: `npx nx run-many -t lint typecheck test build -p ${ctx.projectName}` },
          { name: 'Generated files match ready.yaml', run: 'npx nx sync:check' },
          installVerifiedTool('actionlint', TOOLS.actionlint),
          {
            name: 'Lint the workflows (actionlint, with shellcheck on run scripts)',
            run: `"$RUNNER_TEMP/bin/actionlint" ${ciWorkflowPath(name)} ${deployWorkflowPath(name)}`,
          },
        ],
      },
      alerts: {
        name: 'Alert rules and routing (promtool, amtool)',
        'runs-on': RUNNER,
        'timeout-minutes': 15,
        steps: [
          checkoutStep(),
          installVerifiedTool('promtool (Prometheus release)', TOOLS.promtool),
          { name: 'Show the promtool version', run: 'promtool --version' },
          { name: 'Check the rules', run: `promtool check rules ${paths.rules}` },
          { name: 'Unit-test the rules', run: `promtool test rules ${paths.rulesTest}` },
          installVerifiedTool('amtool (Alertmanager release)', TOOLS.amtool),
          { name: 'Show the amtool version', run: 'amtool --version' },
          { name: 'Check the Alertmanager routing', run: `amtool check-config ${paths.alertmanager}` },
        ],
      },
      manifests: {
        name: 'Kubernetes manifests (kustomize, kubeconform, kube-score)',
        'runs-on': RUNNER,
        'timeout-minutes': 20,
        steps: [
          checkoutStep(),
          installVerifiedTool('kubeconform', TOOLS.kubeconform),
          { name: 'Set up Go (for kube-score)', uses: uses('setupGo'), with: { 'go-version': GO_VERSION, cache: false } },
          {
            name: 'Install kube-score (module verified by the Go checksum database)',
            run: script([`GOBIN="$RUNNER_TEMP/bin" go install ${KUBE_SCORE_MODULE}`, 'echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"']),
          },
          {
            name: 'Build and validate every overlay',
            env: { OVERLAYS: paths.overlays, CRD_SCHEMAS: CRD_SCHEMA_LOCATION },
            run: script([
              'shopt -s nullglob',
              'overlays=("$OVERLAYS"/*/)',
              'if [ "${#overlays[@]}" -eq 0 ]; then',
              '  echo "::error::no overlays under $OVERLAYS"',
              '  exit 1',
              'fi',
              'for overlay in "${overlays[@]}"; do',
              '  env_name="$(basename "$overlay")"',
              '  out="$RUNNER_TEMP/manifests-$env_name.yaml"',
              '  echo "::group::overlay $env_name"',
              '  kubectl kustomize "$overlay" > "$out"',
              '  kubeconform -strict -summary -schema-location default -schema-location "$CRD_SCHEMAS" "$out"',
              '  kube-score score --output-format ci "$out"',
              '  echo "::endgroup::"',
              'done',
            ]),
          },
        ],
      },
      image: {
        name: 'Image (build, scan, SBOM, push)',
        needs: ['verify', 'alerts', 'manifests'],
        'runs-on': RUNNER,
        'timeout-minutes': 30,
        permissions: registry.permissions,
        env: { IMAGE: image },
        steps: [
          checkoutStep(),
          {
            name: 'Lint the Dockerfile (hadolint)',
            uses: uses('hadolint'),
            with: { dockerfile: paths.dockerfile, 'failure-threshold': 'warning' },
          },
          { name: 'Set up Buildx', uses: uses('setupBuildx') },
          {
            name: 'Build the image tagged with the commit SHA',
            uses: uses('buildPush'),
            with: { context: '.', file: paths.dockerfile, load: true, push: false, tags: `${image}:\${{ github.sha }}` },
          },
          {
            name: 'Scan for vulnerabilities (fail on fixable high/critical)',
            uses: uses('vulnerabilityScan'),
            with: {
              image: `${image}:\${{ github.sha }}`,
              'fail-build': true,
              'severity-cutoff': 'high',
              'only-fixed': true,
              'output-format': 'table',
            },
          },
          {
            name: 'Generate the SBOM (SPDX)',
            uses: uses('sbom'),
            with: { image: `${image}:\${{ github.sha }}`, format: 'spdx-json', 'output-file': `${name}-sbom.spdx.json`, 'upload-artifact': false },
          },
          {
            name: 'Upload the SBOM',
            uses: uses('uploadArtifact'),
            with: { name: `${name}-sbom-\${{ github.sha }}`, path: `${name}-sbom.spdx.json`, 'if-no-files-found': 'error' },
          },
          {
            name: `Log in to ${registry.host ?? 'Docker Hub'}`,
            if: ON_MAIN_PUSH,
            uses: uses('dockerLogin'),
            with: { ...(registry.host ? { registry: registry.host } : {}), username: registry.username, password: registry.password },
          },
          {
            name: 'Push the scanned image',
            if: ON_MAIN_PUSH,
            run: 'docker push "$IMAGE:$GITHUB_SHA"',
          },
        ],
      },
      deploy: {
        name: 'Deploy',
        needs: ['image'],
        if: ON_MAIN_PUSH,
        permissions: { contents: 'read' },
        uses: `./${deployWorkflowPath(name)}`,
        with: { 'image-tag': '${{ github.sha }}' },
      },
    },
  };
}

const ON_MAIN_PUSH = "github.event_name == 'push' && github.ref == 'refs/heads/main'";

/** A change to any of these can change the image or the manifests of this service. */
function triggerPaths(ctx: FeatureContext): string[] {
  const name = ctx.model.names.kebab;
  return [
    `${ctx.projectRoot}/**`,
    'package.json',
    'package-lock.json',
    'nx.json',
    'tsconfig.base.json',
    '.dockerignore',
    ciWorkflowPath(name),
    deployWorkflowPath(name),
  ];
}

/**
 * How the image job logs in to `deploy.registry`. GHCR takes the job's own token (hence
 * `packages: write`); any other registry takes REGISTRY_USERNAME / REGISTRY_PASSWORD secrets.
 */
export function registryLogin(model: ReadyModel): {
  host?: string;
  username: string;
  password: string;
  permissions: Record<string, string>;
} {
  const first = model.deploy.registry.split('/')[0];
  const host = /[.:]/.test(first) || first === 'localhost' ? first : undefined;
  if (host === 'ghcr.io') {
    return { host, username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}', permissions: { contents: 'read', packages: 'write' } };
  }
  return { host, username: '${{ secrets.REGISTRY_USERNAME }}', password: '${{ secrets.REGISTRY_PASSWORD }}', permissions: { contents: 'read' } };
}
