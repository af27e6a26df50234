/**
 * Every third-party action and tool the generated workflows use, pinned in one place.
 *
 * Actions are pinned to the full commit of a release tag (tags can be moved; a commit cannot), with the
 * tag kept as a `# vX.Y.Z` comment so Dependabot's github-actions updates bump both together.
 * Tools downloaded as release archives carry the SHA-256 of that archive; the workflow refuses a
 * download whose checksum differs.
 */
export interface ActionPin {
  /** owner/repo[/path] */
  action: string;
  /** Full 40-hex commit of the release tag. */
  sha: string;
  /** The release tag the commit belongs to. */
  version: string;
}

export const ACTIONS = {
  checkout: { action: 'actions/checkout', sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  setupNode: { action: 'actions/setup-node', sha: '820762786026740c76f36085b0efc47a31fe5020', version: 'v7.0.0' },
  setupGo: { action: 'actions/setup-go', sha: 'b7ad1dad31e06c5925ef5d2fc7ad053ef454303e', version: 'v7.0.0' },
  uploadArtifact: { action: 'actions/upload-artifact', sha: '043fb46d1a93c77aae656e7c1c64a875d1fc6a0a', version: 'v7.0.1' },
  setupBuildx: { action: 'docker/setup-buildx-action', sha: 'f87e5991a6d7451dcb8d9637bfbc97413f497069', version: 'v4.4.1' },
  dockerLogin: { action: 'docker/login-action', sha: 'dbcb813823bdd20940b903addbd779551569679f', version: 'v4.6.0' },
  buildPush: { action: 'docker/build-push-action', sha: 'c3c9e263c25d99ce0380d002d59b67737d91b0dc', version: 'v7.4.0' },
  hadolint: { action: 'hadolint/hadolint-action', sha: '06be81baf89a55ffd0e24b8f04a4185738dd3387', version: 'v3.5.0' },
  /** Grype: chosen over trivy-action, whose tags were rewritten in the March 2026 supply-chain compromise. */
  vulnerabilityScan: { action: 'anchore/scan-action', sha: '27805bf3b4e84b4a5c980df22ed233c00390a439', version: 'v7.4.2' },
  sbom: { action: 'anchore/sbom-action', sha: '66cbf4bc1f1c0d2edc94016e65bc221b6bb0ad6c', version: 'v0.24.3' },
} as const satisfies Record<string, ActionPin>;

export type ActionName = keyof typeof ACTIONS;

/** The `uses:` value of an action: `owner/repo@<sha>`. */
export function uses(name: ActionName): string {
  const pin = ACTIONS[name];
  return `${pin.action}@${pin.sha}`;
}

/** The version comment that goes after a `uses:` value, looked up by its `owner/repo@sha`. */
export function versionOfUses(value: string): string | undefined {
  return Object.values(ACTIONS).find((pin) => `${pin.action}@${pin.sha}` === value)?.version;
}

export interface ReleaseTool {
  version: string;
  url: string;
  /** SHA-256 of the archive, as published with the release. */
  sha256: string;
  /** Path of the binary inside the archive. */
  member: string;
}

/** Release archives installed by `run:` steps, each verified with its published SHA-256. */
export const TOOLS = {
  /** The Prometheus release archive; only its promtool is used. */
  promtool: {
    version: 'v3.15.0',
    url: 'https://github.com/prometheus/prometheus/releases/download/v3.15.0/prometheus-3.15.0.linux-amd64.tar.gz',
    sha256: '2a542df32eac02ee17b9d844fb2aa1de00dafa5476579ba8a3ba862e9d572ea0',
    member: 'prometheus-3.15.0.linux-amd64/promtool',
  },
  /** The Alertmanager release archive; only its amtool is used (check-config of the generated routing; 0.26+ reads url_file). */
  amtool: {
    version: 'v0.34.1',
    url: 'https://github.com/prometheus/alertmanager/releases/download/v0.34.1/alertmanager-0.34.1.linux-amd64.tar.gz',
    sha256: '265b9d1e55ef0d5306a436018af6d2b686c2ce051f03d968f7464ecb1372a7e8',
    member: 'alertmanager-0.34.1.linux-amd64/amtool',
  },
  kubeconform: {
    version: 'v0.8.0',
    url: 'https://github.com/yannh/kubeconform/releases/download/v0.8.0/kubeconform-linux-amd64.tar.gz',
    sha256: '9bc2bffbf71f261128533edaf912153948b7ff238f9a531ae6d34466ec287883',
    member: 'kubeconform',
  },
  actionlint: {
    version: 'v1.7.12',
    url: 'https://github.com/rhysd/actionlint/releases/download/v1.7.12/actionlint_1.7.12_linux_amd64.tar.gz',
    sha256: '8aca8db96f1b94770f1b0d72b6dddcb1ebb8123cb3712530b08cc387b349a3d8',
    member: 'actionlint',
  },
} as const satisfies Record<string, ReleaseTool>;

/**
 * kube-score is installed with `go install module@version`: the Go checksum database verifies the
 * module, so no archive checksum has to be carried here.
 */
export const KUBE_SCORE_MODULE = 'github.com/zegl/kube-score/cmd/kube-score@v1.20.0';
export const GO_VERSION = '1.25';

/** JSON schemas of CRDs (ServiceMonitor, PrometheusRule) for kubeconform; core kinds use its default location. */
export const CRD_SCHEMA_LOCATION = 'https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json';
