// Typecheck and lint generated services with the workspace's own TypeScript and ESLint, as a forked worker:
// the parent sends { name } per service and gets back { name, results } with one entry per command, in the
// order of the generated targets: `tsc -p apps/<svc>/tsconfig.app.json --noEmit`,
// `tsc -p apps/<svc>/tsconfig.spec.json --noEmit` (typecheck) and `eslint apps/<svc>` (lint).
// Same compiler, same tsconfig files, same ESLint config and cwd as those commands; running many services
// in one long-lived process lets them share the parsed declaration files of node_modules, which is most
// of tsc's time. Plain JavaScript so node runs it as it is.
import { createRequire } from 'node:module';
import path from 'node:path';

const workspace = process.argv[2];
const req = createRequire(path.join(workspace, 'package.json'));
const ts = req('typescript');
const { ESLint } = req('eslint');
const eslint = new ESLint({ cwd: workspace });

/** Declaration files of node_modules never change during a run: each is parsed once. */
const libFiles = new Map();

function typecheck(tsconfig, own) {
  const started = Date.now();
  const diagnostics = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(workspace, tsconfig), { noEmit: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => diagnostics.push(d),
  });
  if (parsed) {
    diagnostics.push(...parsed.errors);
    const host = ts.createCompilerHost(parsed.options);
    const read = host.getSourceFile.bind(host);
    // The service's own files are shared by its two tsconfigs only (they agree on every option that shapes a parse).
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const cache = fileName.includes('/node_modules/') ? libFiles : own;
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
    getCurrentDirectory: () => workspace,
    getNewLine: () => '\n',
  });
  return { command: `tsc -p ${tsconfig} --noEmit`, ok: diagnostics.length === 0, output, ms: Date.now() - started };
}

async function lint(dir) {
  const started = Date.now();
  const results = await eslint.lintFiles([dir]);
  const output = await (await eslint.loadFormatter('stylish')).format(results);
  // Errors fail, as they fail the generated lint target; warnings are shown.
  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  return { command: `eslint ${dir}`, ok: errors === 0, output, ms: Date.now() - started };
}

async function check(name) {
  const root = `apps/${name}`;
  const own = new Map();
  const results = [typecheck(`${root}/tsconfig.app.json`, own), typecheck(`${root}/tsconfig.spec.json`, own), await lint(root)];
  return { name, results };
}

// One service at a time, in the order asked.
let queue = Promise.resolve();
process.on('message', ({ name }) => {
  queue = queue.then(async () => {
    try {
      process.send(await check(name));
    } catch (err) {
      process.send({ name, error: err instanceof Error ? err.stack : String(err) });
    }
  });
});
process.on('disconnect', () => process.exit(0));
