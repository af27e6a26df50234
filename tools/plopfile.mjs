// `npm run new:generator` scaffolds a feature generator in the repo's layout:
//   generators/<feature>/{generator.ts,schema.json,schema.d.ts,generator.spec.ts}
//   templates/<feature>/   docs-templates/<feature>/
// and registers `add-<feature>` in packages/ready/generators.json.
// `npm run new:dependency-kind` scaffolds a dependency kind: generators/kinds/<kind>/{spec.ts,files/<kind>.ts__tmpl__,
// files/<kind>.test.ts__tmpl__} and adds it to the schema enum (packages/config/src/schema.ts), then rewrites what
// derives from the enum (tools/write-schema.mjs): the JSON Schema, the README reference and generators/kinds/all.ts.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export default function (plop) {
  plop.setActionType('register-generator', (answers, _config, p) => {
    const file = path.join(p.getDestBasePath(), 'packages/ready/generators.json');
    const json = JSON.parse(readFileSync(file, 'utf-8'));
    const feature = p.getHelper('kebabCase')(answers.feature);
    const key = `add-${feature}`;
    if (json.generators[key]) return `${key} already registered`;
    json.generators[key] = {
      factory: `./dist/generators/${feature}/generator`,
      schema: `./dist/generators/${feature}/schema.json`,
      description: answers.description,
    };
    writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
    return `registered ${key}`;
  });

  /** Append `kind` to one array literal of a file, found by the text before it. */
  const appendTo = (file, before, entry, answers) => {
    const text = readFileSync(file, 'utf-8');
    const at = text.indexOf(before);
    if (at < 0) throw new Error(`${file}: cannot find ${before}`);
    const end = text.indexOf(']', at);
    const list = text.slice(at + before.length, end);
    if (list.includes(`'${answers.kind}'`)) return `${answers.kind} already in ${file}`;
    writeFileSync(file, `${text.slice(0, end).replace(/\s*$/, '')}, ${entry}${text.slice(end)}`);
    return `added ${answers.kind} to ${file}`;
  };
  plop.setActionType('add-kind-to-schema', (answers, _config, p) =>
    appendTo(path.join(p.getDestBasePath(), 'packages/config/src/schema.ts'), 'const dependencyKinds = [', `'${answers.kind}'`, answers),
  );
  plop.setActionType('write-schema', (_answers, _config, p) => {
    execFileSync(process.execPath, [path.join(p.getDestBasePath(), 'tools/write-schema.mjs')], { stdio: 'inherit' });
    return 'rewrote packages/ready/ready.schema.json, the README config reference and generators/kinds/all.ts';
  });

  const kind = (answers) => answers.kind;
  plop.setGenerator('dependency-kind', {
    description: 'a dependency kind (dependencies[].kind in ready.yaml): its spec, client and test',
    prompts: [
      {
        type: 'input',
        name: 'kind',
        message: 'Kind name (lowercase letters and digits, e.g. "cassandra")',
        validate: (v) => /^[a-z][a-z0-9]*$/.test(v) || 'use lowercase letters and digits',
      },
      { type: 'input', name: 'title', message: 'Product name', default: (a) => a.kind.replace(/^./, (c) => c.toUpperCase()) },
      // bypass: a port given on the command line (`npm run new:dependency-kind -- cassandra Cassandra 9042 …`) is a string.
      { type: 'number', name: 'port', message: 'Default port', bypass: (v) => Number(v), validate: (v) => (Number.isInteger(v) && v >= 1 && v <= 65535) || 'a port from 1 to 65535' },
      { type: 'input', name: 'scheme', message: 'URL scheme of <NAME>_URL', default: kind, validate: (v) => /^[a-z][a-z0-9+.-]*$/.test(v) || 'a URL scheme' },
      { type: 'confirm', name: 'stateful', message: 'Does its data outlive a pod (backup and restore notes)?', default: true },
      { type: 'input', name: 'image', message: 'Local docker image, pinned (e.g. "cassandra:5.0.2"; empty for none)', default: '', validate: (v) => v === '' || /^[a-z0-9./-]+:v?\d+(\.\d+)+[\w.-]*$/.test(v) || 'an image with an exact version tag' },
      {
        type: 'input',
        name: 'healthcheck',
        message: 'Command the container runs as its healthcheck (space-separated)',
        when: (a) => a.image !== '',
        validate: (v) => v.trim() !== '' || 'a command',
      },
    ],
    actions: (answers) => {
      const words = (answers.healthcheck ?? '').trim().split(/\s+/);
      // In the repo's style: single-quoted strings.
      answers.healthcheckJson = `[${['CMD', ...words].map((w) => `'${w.replace(/[\\']/g, '\\$&')}'`).join(', ')}]`;
      return [
        { type: 'add', path: 'generators/kinds/{{kind}}/spec.ts', templateFile: 'plop-templates/kind/spec.ts.hbs' },
        { type: 'add', path: 'generators/kinds/{{kind}}/files/{{kind}}.ts__tmpl__', templateFile: 'plop-templates/kind/client.ts.hbs' },
        { type: 'add', path: 'generators/kinds/{{kind}}/files/{{kind}}.test.ts__tmpl__', templateFile: 'plop-templates/kind/test.ts.hbs' },
        { type: 'add-kind-to-schema' },
        { type: 'write-schema' },
      ];
    },
  });

  plop.setGenerator('generator', {
    description: 'a ready feature generator (nx g ready:add-<feature>)',
    prompts: [
      {
        type: 'input',
        name: 'feature',
        message: 'Feature name (kebab-case, e.g. "feature-flags")',
        validate: (v) => /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(v) || 'use lowercase kebab-case',
      },
      { type: 'input', name: 'description', message: 'One-line description', default: 'Add a ready feature to a service' },
    ],
    actions: [
      { type: 'add', path: 'generators/{{kebabCase feature}}/generator.ts', templateFile: 'plop-templates/generator.ts.hbs' },
      { type: 'add', path: 'generators/{{kebabCase feature}}/schema.json', templateFile: 'plop-templates/schema.json.hbs' },
      { type: 'add', path: 'generators/{{kebabCase feature}}/schema.d.ts', templateFile: 'plop-templates/schema.d.ts.hbs' },
      { type: 'add', path: 'generators/{{kebabCase feature}}/generator.spec.ts', templateFile: 'plop-templates/generator.spec.ts.hbs' },
      { type: 'add', path: 'templates/{{kebabCase feature}}/src/{{kebabCase feature}}/index.ts__tmpl__', templateFile: 'plop-templates/feature-index.ts.hbs' },
      { type: 'add', path: 'docs-templates/{{kebabCase feature}}/{{kebabCase feature}}.md.ejs', templateFile: 'plop-templates/feature-doc.md.hbs' },
      { type: 'register-generator' },
    ],
  });
}
