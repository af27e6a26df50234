import { installEnv } from '../../../generators/utils/install-env';
import type { PackageManager } from './args';
import { PACKAGE_MANAGERS } from './args';
import { tail } from './plugin-source';
import { startProgress } from './progress';
import { shellQuote } from './shell';
import type { Ui } from './ui';

/** The package manager that launched us (`pnpm dlx`, `yarn create`, `npx`), else npm. */
export function detectPackageManager(env: NodeJS.ProcessEnv): PackageManager {
  const agent = env.npm_config_user_agent?.split('/')[0];
  return (PACKAGE_MANAGERS as readonly string[]).includes(agent ?? '') ? (agent as PackageManager) : 'npm';
}

export interface InstallResult {
  ok: boolean;
  /** Stopped by Ctrl-C (the signal): the package manager was killed. */
  interrupted: boolean;
  output: string;
  seconds: number;
}

/**
 * `<pm> install` with its output captured: a spinner and elapsed time on a terminal, a line every 30 s
 * otherwise (CI logs), and the tail of the output only if it fails. `signal` stops it (Ctrl-C).
 */
export async function installDependencies(cwd: string, pm: PackageManager, ui: Ui, signal?: AbortSignal): Promise<InstallResult> {
  const { execa } = await import('execa');
  const progress = startProgress(ui, `Installing dependencies with ${pm}`);
  try {
    // A first install has no lockfile; CI defaults of pnpm and yarn would refuse to create one.
    const args = pm === 'pnpm' ? ['install', '--no-frozen-lockfile'] : ['install'];
    const result = await execa(pm, args, {
      cwd,
      all: true,
      reject: false,
      stdin: 'ignore',
      ...(signal ? { cancelSignal: signal, forceKillAfterDelay: 5_000 } : {}),
      // Quieter and faster unless the user chose otherwise; never a production install, which would leave out nx itself.
      env: {
        npm_config_fund: 'false',
        npm_config_audit: 'false',
        npm_config_update_notifier: 'false',
        ...installEnv(process.env),
        YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
      },
      extendEnv: false,
    });
    const ok = result.exitCode === 0 && !result.failed;
    const output = result.all ?? (result.failed ? String(result.message) : '');
    return { ok, interrupted: Boolean(result.isCanceled), output: output || String(result.message ?? ''), seconds: progress.seconds() };
  } finally {
    progress.stop();
  }
}

export function installFailureMessage(result: InstallResult, shownDir: string, pm: PackageManager): string {
  return [
    tail(result.output, 25),
    '',
    `Install failed. Your files are in ${shownDir}. Retry with: cd ${shellQuote(shownDir)} && ${pm} install`,
  ].join('\n');
}
