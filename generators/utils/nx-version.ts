/**
 * The Nx versions this plugin is built and tested against (packages/ready/package.json's `nx` peer range says the
 * same). On another major, @nx/devkit's calls into the workspace's nx fail deep inside a generator with errors such
 * as "getIgnoreObjectForTree is not a function"; this check says what is needed instead, before anything runs.
 * tools/build.mjs injects it into every generator bundle.
 */
export const SUPPORTED_NX_MAJOR = 22;
export const SUPPORTED_NX_MIN_MINOR = 7;

/** Why the workspace's Nx cannot run this plugin, or undefined when it can. */
export function unsupportedNxMessage(version: string): string | undefined {
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  if (major === SUPPORTED_NX_MAJOR && minor >= SUPPORTED_NX_MIN_MINOR) return undefined;
  const range = `>=${SUPPORTED_NX_MAJOR}.${SUPPORTED_NX_MIN_MINOR}.0 <${SUPPORTED_NX_MAJOR + 1}`;
  const upgrade =
    major < SUPPORTED_NX_MAJOR || (major === SUPPORTED_NX_MAJOR && minor < SUPPORTED_NX_MIN_MINOR)
      ? ` Upgrade the workspace first: \`npx nx migrate ${SUPPORTED_NX_MAJOR}\`, then \`npm install\` and \`npx nx migrate --run-migrations\`.`
      : ` Use a release of ready built for Nx ${major}, or keep this workspace on Nx ${SUPPORTED_NX_MAJOR}.`;
  return `ready needs Nx ${range}; this workspace has Nx ${version}.${upgrade}`;
}

/** Throws the message above when the nx installed beside the plugin is outside the supported range. */
export function assertSupportedNx(readVersion: () => string | undefined = installedNxVersion): void {
  const version = readVersion();
  const message = version === undefined ? undefined : unsupportedNxMessage(version);
  if (message) throw new Error(message);
}

function installedNxVersion(): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('nx/package.json') as { version: string }).version;
  } catch {
    return undefined;
  }
}
