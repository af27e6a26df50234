import { addProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { queuesGenerator } from './generator';

describe('queues generator', () => {
  let tree: Tree;

  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'svc', { root: 'apps/svc', sourceRoot: 'apps/svc/src' });
    tree.write('apps/svc/ready.yaml', 'apiVersion: ready/v1\nservice:\n  name: svc\n');
  });

  it('adds the feature folder to the service', async () => {
    await queuesGenerator(tree, { project: 'svc', skipFormat: true });
    expect(tree.read('apps/svc/src/queues/index.ts', 'utf-8')).toContain('svc');
  });

  it('changes nothing on a second run', async () => {
    await queuesGenerator(tree, { project: 'svc', skipFormat: true });
    const before = tree.read('apps/svc/src/queues/index.ts', 'utf-8');
    await queuesGenerator(tree, { project: 'svc', skipFormat: true });
    expect(tree.read('apps/svc/src/queues/index.ts', 'utf-8')).toBe(before);
  });

  it('refuses an invalid ready.yaml and writes nothing', async () => {
    tree.write('apps/svc/ready.yaml', 'apiVersion: ready/v1\nservice:\n  name: svc\nhttp:\n  port: 0\n');
    await expect(queuesGenerator(tree, { project: 'svc', skipFormat: true })).rejects.toThrow(/http\.port/);
    expect(tree.exists('apps/svc/src/queues/index.ts')).toBe(false);
  });
});
