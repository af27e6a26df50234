/**
 * Typecheck and lint a generated service with the workspace's own TypeScript and ESLint, in this process.
 * The result is what the generated targets report (`tsc -p apps/<svc>/tsconfig.{app,spec}.json --noEmit`,
 * `eslint apps/<svc>`): same compiler, same tsconfig files, same ESLint config and cwd. Running them in one
 * process lets every service share the parsed declaration files of node_modules, which is most of tsc's
 * time: a service then costs seconds, not the ~25 s of three fresh processes on a busy machine.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as TS from 'typescript';

export interface CheckResult {
  ok: boolean;
  /** Compiler or linter output, formatted as the CLI prints it. */
  output: string;
  ms: number;
}

interface ESLintLike {
  lintFiles(patterns: string[]): Promise<{ errorCount: number; warningCount: number }[]>;
  loadFormatter(name: string): Promise<{ format(results: unknown[]): string | Promise<string> }>;
}

export class ServiceChecker {
  private readonly ts: typeof TS;
  private readonly eslint: ESLintLike;
  /** Declaration files of node_modules never change during a run; parse each once. */
  private readonly libFiles = new Map<string, TS.SourceFile>();

  constructor(private readonly workspace: string) {
    const req = createRequire(path.join(workspace, 'package.json'));
    this.ts = req('typescript') as typeof TS;
    const { ESLint } = req('eslint') as { ESLint: new (opts: { cwd: string }) => ESLintLike };
    this.eslint = new ESLint({ cwd: workspace });
  }

  /**
   * `tsc -p <tsconfig> --noEmit` for each tsconfig (relative to the workspace root), in order. The
   * service's own files are parsed once for all of them (its tsconfigs share the options that shape a parse).
   */
  typecheck(tsconfigs: string[]): CheckResult[] {
    const own = new Map<string, TS.SourceFile>();
    return tsconfigs.map((tsconfig) => this.typecheckOne(tsconfig, own));
  }

  private typecheckOne(tsconfig: string, own: Map<string, TS.SourceFile>): CheckResult {
    const started = Date.now();
    const ts = this.ts;
    const configFile = path.join(this.workspace, tsconfig);
    const diagnostics: TS.Diagnostic[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
    });
    if (parsed) {
      diagnostics.push(...parsed.errors);
      const host = ts.createCompilerHost(parsed.options);
      const read = host.getSourceFile.bind(host);
      host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        const cache = fileName.includes('/node_modules/') ? this.libFiles : own;
        const key = `${fileName}\0${JSON.stringify(languageVersion)}`;
        let file = cache.get(key);
        if (!file) {
          file = read(fileName, languageVersion, onError, shouldCreate);
          if (file) cache.set(key, file);
        }
        return file;
      };
      const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options, host, projectReferences: parsed.projectReferences });
      diagnostics.push(...ts.getPreEmitDiagnostics(program));
    }
    const output = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => this.workspace,
      getNewLine: () => '\n',
    });
    return { ok: diagnostics.length === 0, output, ms: Date.now() - started };
  }

  /** `eslint <dir>` from the workspace root: errors fail, as the generated lint target does; warnings are shown. */
  async lint(dir: string): Promise<CheckResult> {
    const started = Date.now();
    const results = await this.eslint.lintFiles([dir]);
    const formatter = await this.eslint.loadFormatter('stylish');
    const output = await formatter.format(results);
    const errors = results.reduce((n, r) => n + r.errorCount, 0);
    return { ok: errors === 0, output, ms: Date.now() - started };
  }
}
