import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { describe, expect, it } from 'vitest';
import { appProject, detectListenPort } from './app-project';

function app(tree: Tree, files: Record<string, string>) {
  addProjectConfiguration(tree, 'api', { root: 'apps/api', sourceRoot: 'apps/api/src', targets: { build: { options: { main: 'apps/api/src/server.ts' } } } });
  for (const [file, text] of Object.entries(files)) tree.write(`apps/api/src/${file}`, text);
  return appProject(tree, 'api', 'add-observability');
}

describe("the port an existing app's server listens on", () => {
  const cases: [string, string, number | undefined][] = [
    ['a literal in the options', "server.listen({ port: 8080, host: '0.0.0.0' });", 8080],
    ['a default after PORT', 'server.listen({ port: Number(process.env.PORT ?? 4000) });', 4000],
    ['a variable with a ternary default', "const port = process.env.PORT ? Number(process.env.PORT) : 3100;\nserver.listen({ port, host: 'localhost' });", 3100],
    ['a named constant behind the default', 'const DEFAULT_PORT = 5050;\nconst port = Number(process.env.PORT) || DEFAULT_PORT;\napp.listen(port);', 5050],
    ['express-style listen(port, cb)', 'app.listen(9090, () => console.log("up"));', 9090],
    ['parseInt of a string default, radix 10', "const PORT = Number.parseInt(process.env.PORT ?? '3000', 10);\napp.listen(PORT);", 3000],
    ['only the environment', 'server.listen({ port: Number(process.env.PORT) });', undefined],
    ['two numbers, ambiguous', 'server.listen({ port: process.env.CI ? 3000 : 8080 });', undefined],
  ];
  for (const [what, code, port] of cases) {
    it(what, () => {
      const tree = createTreeWithEmptyWorkspace();
      const found = detectListenPort(tree, app(tree, { 'server.ts': code }));
      expect(found?.port).toBe(port);
      if (port) expect(found?.file).toBe('apps/api/src/server.ts');
    });
  }

  it("reads PORT from the app's documented env file when listen() reads only the environment", () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('apps/api/.env.template', '# Environment\nNODE_ENV="development"\nPORT="8080"            # The port your server will listen on\n');
    expect(detectListenPort(tree, app(tree, { 'server.ts': 'app.listen(env.PORT);' }))).toMatchObject({ port: 8080, file: 'apps/api/.env.template', found: 'the PORT apps/api/.env.template sets' });
  });

  it('prefers the entry file', () => {
    const tree = createTreeWithEmptyWorkspace();
    expect(detectListenPort(tree, app(tree, { 'a-helper.ts': 'other.listen(7000);', 'server.ts': 'server.listen({ port: 8081 });' }))?.port).toBe(8081);
  });
});
