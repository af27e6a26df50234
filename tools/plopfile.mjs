// `npm run new:generator` scaffolds a feature generator in the repo's layout:
//   generators/<feature>/{generator.ts,schema.json,schema.d.ts,generator.spec.ts}
//   templates/<feature>/   docs-templates/<feature>/
// and registers `add-<feature>` in packages/ready/generators.json.
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
