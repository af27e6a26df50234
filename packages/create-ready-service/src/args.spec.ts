import { describe, expect, it } from 'vitest';
import { parseCliArgs, USAGE } from './args';
import { UsageError } from './errors';
import { detectPackageManager } from './install';
import { isNonInteractive } from './questions';
import { serviceNameFromDirectory } from './service-config';

describe('parseCliArgs', () => {
  it('reads the directory and a flag for every answer', () => {
    const args = parseCliArgs([
      'payments',
      '--name', 'payments-api',
      '--description', 'Takes payments',
      '--owner', 'team-pay',
      '--port', '8080',
      '--dependencies', 'postgres, redis',
      '--auth', 'api-key',
      '--environments', 'dev,prod',
      '--skip-install', '--skip-git', '--dry-run', '-y',
      '--package-manager', 'pnpm',
    ]);
    expect(args).toMatchObject({
      directory: 'payments',
      answers: {
        name: 'payments-api',
        description: 'Takes payments',
        owner: 'team-pay',
        port: 8080,
        dependencies: ['postgres', 'redis'],
        authMode: 'api-key',
        environments: ['dev', 'prod'],
      },
      yes: true,
      skipInstall: true,
      skipGit: true,
      dryRun: true,
      packageManager: 'pnpm',
    });
  });

  it('leaves answers that were not given unset, so they can be asked', () => {
    expect(parseCliArgs(['payments']).answers).toEqual({});
  });

  it('rejects an unknown flag by name, suggesting the flag it is a typo of', () => {
    expect(() => parseCliArgs(['payments', '--frobnicate'])).toThrow(UsageError);
    expect(() => parseCliArgs(['payments', '--frobnicate'])).toThrow(/^Unknown option --frobnicate$/);
    expect(() => parseCliArgs(['payments', '--prot', '80'])).toThrow(/^Unknown option --prot; did you mean --port\?$/);
    expect(() => parseCliArgs(['payments', '--skip-instal'])).toThrow(/did you mean --skip-install\?/);
    expect(() => parseCliArgs(['payments', '--dependecies=redis'])).toThrow(/did you mean --dependencies\?/);
  });

  it('suggests the value a bad one is a typo of', () => {
    expect(() => parseCliArgs(['x', '--auth', 'jtw'])).toThrow(/got "jtw"; did you mean jwt\?/);
    expect(() => parseCliArgs(['x', '--dependencies', 'postgers'])).toThrow(/did you mean postgres\?/);
  });

  it('says plainly when a flag lacks its value or a switch is given one', () => {
    expect(() => parseCliArgs(['x', '--port'])).toThrow(/^--port needs a value, e.g. --port <value>$/);
    expect(() => parseCliArgs(['x', '--yes=1'])).toThrow(/^--yes takes no value$/);
  });

  it.each([
    [['--port', 'abc'], /--port: expected an integer from 1 to 65535, got "abc"/],
    [['--port', '70000'], /--port/],
    [['--dependencies', 'postgres,oracle'], /--dependencies: expected one of elasticsearch, http, kafka, mongodb, mysql, neo4j, opensearch, postgres, qdrant, rabbitmq, redis, got "oracle"/],
    [['--auth', 'basic'], /--auth: expected one of jwt, api-key, both, none, got "basic"/],
    [['--environments', ','], /--environments/],
    [['--package-manager', 'bun'], /--package-manager/],
    [['--port'], /--port/],
  ])('names the flag with a bad value: %j', (flags, message) => {
    expect(() => parseCliArgs(['payments', ...flags])).toThrow(message);
  });

  it('refuses a second directory, pointing at quotes for names with spaces', () => {
    expect(() => parseCliArgs(['my', 'service'])).toThrow(/one target directory, got 2: my service\. A name with spaces needs quotes, e\.g\. "my service"/);
  });

  it('accepts "none" for no dependencies', () => {
    expect(parseCliArgs(['x', '--dependencies', 'none']).answers.dependencies).toEqual([]);
  });

  it('documents every flag in the usage text', () => {
    for (const flag of ['--name', '--description', '--owner', '--port', '--dependencies', '--auth', '--environments', '--config', '--yes', '--skip-install', '--skip-git', '--package-manager', '--dry-run', '--help', '--version']) {
      expect(USAGE).toContain(flag);
    }
  });
});

describe('isNonInteractive', () => {
  const tty = { yes: false, env: {}, stdinIsTTY: true };
  it('asks on a terminal outside CI', () => expect(isNonInteractive(tty)).toBe(false));
  it('does not ask with --yes', () => expect(isNonInteractive({ ...tty, yes: true })).toBe(true));
  it('does not ask when stdin is not a TTY', () => expect(isNonInteractive({ ...tty, stdinIsTTY: false })).toBe(true));
  it('does not ask when CI=true', () => expect(isNonInteractive({ ...tty, env: { CI: 'true' } })).toBe(true));
  it('asks when CI=false', () => expect(isNonInteractive({ ...tty, env: { CI: 'false' } })).toBe(false));
});

describe('defaults', () => {
  it.each([
    ['payments', 'payments'],
    ['./services/Payments API', 'payments-api'],
    ['my_service', 'my-service'],
    ['/tmp/2fast', 'fast'],
    ['MyService', 'my-service'],
    ['PaymentsAPI', 'payments-api'],
    ['APIGateway', 'api-gateway'],
    ['x'.repeat(50), 'x'.repeat(40)],
  ])('derives the service name from the directory %s', (dir, name) => {
    expect(serviceNameFromDirectory(dir)).toBe(name);
  });

  it.each([
    [undefined, 'npm'],
    ['pnpm/9.12.0 npm/? node/v20.20.2 linux x64', 'pnpm'],
    ['yarn/1.22.22 npm/? node/v20.20.2 linux x64', 'yarn'],
    ['npm/10.8.2 node/v20.20.2 linux x64 workspaces/false', 'npm'],
    ['bun/1.1.0', 'npm'],
  ])('detects the package manager from npm_config_user_agent %s', (agent, pm) => {
    expect(detectPackageManager({ npm_config_user_agent: agent })).toBe(pm);
  });
});
