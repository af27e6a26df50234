import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where a feature's EJS templates live. Generators run from TypeScript sources in this repo's tests
 * and from the bundled plugin (packages/ready/dist) in a user's workspace; both find the nearest
 * `<kind>/<feature>` folder walking up from this module.
 */
export function assetDir(kind: 'templates' | 'docs-templates', feature: string): string {
  let dir = __dirname;
  for (;;) {
    const candidate = path.join(dir, kind, feature);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`ready: cannot find ${kind}/${feature} above ${__dirname}`);
    dir = parent;
  }
}

export const templatesDir = (feature: string) => assetDir('templates', feature);
export const docsTemplatesDir = (feature: string) => assetDir('docs-templates', feature);

/**
 * The templates of one dependency kind: `generators/kinds/<kind>/files` in this repo, `dist/kinds/<kind>/files`
 * in the bundled plugin (tools/build.mjs copies them), found walking up from this module.
 */
export function kindFilesDir(kind: string): string {
  let dir = __dirname;
  for (;;) {
    for (const candidate of [path.join(dir, 'kinds', kind, 'files'), path.join(dir, 'generators', 'kinds', kind, 'files')]) {
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`ready: cannot find kinds/${kind}/files above ${__dirname}`);
    dir = parent;
  }
}
