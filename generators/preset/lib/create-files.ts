import { writeJson, type Tree } from '@nx/devkit';
import type { NormalizedPresetOptions } from './normalize-options';

const tsconfigBase = {
  compileOnSave: false,
  compilerOptions: {
    target: 'ES2022',
    module: 'commonjs',
    moduleResolution: 'node10',
    lib: ['ES2022'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    resolveJsonModule: true,
    sourceMap: true,
    declaration: false,
    forceConsistentCasingInFileNames: true,
    noImplicitOverride: true,
    noFallthroughCasesInSwitch: true,
    types: ['node'],
    paths: {},
  },
  exclude: ['node_modules', 'tmp'],
};

const gitignoreEntries = [
  '# dependencies',
  'node_modules',
  '',
  '# build output and caches',
  'dist',
  'tmp',
  'coverage',
  '.nx',
  '',
  '# local secrets: only the example file is committed',
  '.env',
  '.env.*',
  '!.env.example',
  '',
  '# logs and editors',
  '*.log',
  '.DS_Store',
  '.idea',
];

const editorconfig = `# https://editorconfig.org
root = true

[*]
charset = utf-8
end_of_line = lf
indent_style = space
indent_size = 2
insert_final_newline = true
trim_trailing_whitespace = true

[*.md]
max_line_length = off
trim_trailing_whitespace = false
`;

function readme(options: NormalizedPresetOptions): string {
  const { name, serviceRoot } = options;
  return `# ${name}

This workspace holds the **${name}** service, made with the ready Nx plugin.
The service, its operational docs and its delivery files live in [\`${serviceRoot}\`](./${serviceRoot}); start with its [README](./${serviceRoot}/README.md).

## The service config

[\`${serviceRoot}/ready.yaml\`](./${serviceRoot}/ready.yaml) is the single source of truth: owner, port, auth, dependencies, SLOs, environments.
After editing it, regenerate what depends on it:

\`\`\`sh
npx nx sync
\`\`\`

## Everyday commands

\`\`\`sh
npx nx serve ${name}     # run locally with reload
npx nx test ${name}      # unit and inject tests
npx nx build ${name}     # production build
npm run build            # build every project
npm test                 # test every project
\`\`\`

## Add more

\`\`\`sh
npx nx g ready:service <name>                 # another service in apps/<name>
npx nx g ready:add-observability --project=<app>   # upgrade an existing app
\`\`\`
`;
}

/** Root files that are not package.json or nx.json. Existing files are kept: they may be the user's. */
export function createRootFiles(tree: Tree, options: NormalizedPresetOptions): void {
  if (!tree.exists('tsconfig.base.json')) writeJson(tree, 'tsconfig.base.json', tsconfigBase);
  addGitignoreEntries(tree);
  if (!tree.exists('.editorconfig')) tree.write('.editorconfig', editorconfig);
  if (!tree.exists('README.md')) tree.write('README.md', readme(options));
}

function addGitignoreEntries(tree: Tree): void {
  const existing = tree.read('.gitignore', 'utf-8');
  if (existing === null) {
    tree.write('.gitignore', `${gitignoreEntries.join('\n')}\n`);
    return;
  }
  const present = new Set(existing.split(/\r?\n/).map((l) => l.trim()));
  const missing = gitignoreEntries.filter((l) => l && !l.startsWith('#') && !present.has(l));
  if (missing.length > 0) tree.write('.gitignore', `${existing.replace(/\n?$/, '\n')}${missing.join('\n')}\n`);
}
