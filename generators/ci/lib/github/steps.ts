import { type ReleaseTool, uses } from '../actions';

/**
 * GitHub-hosted runner of every job. `ubuntu-latest` ships kubectl, kustomize, docker, curl and
 * shellcheck, which the jobs use as they are.
 */
export const RUNNER = 'ubuntu-latest';

/** Checkout without leaving the token in the workspace, so later steps and artifacts cannot read it. */
export function checkoutStep(): object {
  return { name: 'Check out', uses: uses('checkout'), with: { 'persist-credentials': false } };
}

/** A multi-line `run:` script. */
export function script(lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** Download a release archive, refuse it unless its SHA-256 matches, and put its binary on PATH. */
export function installVerifiedTool(label: string, tool: ReleaseTool): object {
  const binary = tool.member.split('/').pop()!;
  const archive = `"$RUNNER_TEMP/${binary}.tar.gz"`;
  const strip = tool.member.split('/').length - 1;
  return {
    name: `Install ${label} ${tool.version} (checksum verified)`,
    env: { TOOL_URL: tool.url, TOOL_SHA256: tool.sha256 },
    run: script([
      'mkdir -p "$RUNNER_TEMP/bin"',
      `curl -fsSL --retry 3 -o ${archive} "$TOOL_URL"`,
      `echo "$TOOL_SHA256  $RUNNER_TEMP/${binary}.tar.gz" | sha256sum --check --strict`,
      `tar -xzf ${archive} -C "$RUNNER_TEMP/bin"${strip ? ` --strip-components=${strip}` : ''} ${tool.member}`,
      'echo "$RUNNER_TEMP/bin" >> "$GITHUB_PATH"',
    ]),
  };
}
