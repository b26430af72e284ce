import { describe, expect, it } from 'vitest';
import { repoRelativePath } from '../../src/render/github/repo-path.js';

describe('repoRelativePath', () => {
  const workspace = '/home/runner/work/crm/crm';
  it.each([
    ['territories.yaml', workspace, 'territories.yaml'],
    ['territories.yaml', `${workspace}/sales`, 'sales/territories.yaml'],
    ['../regions/emea.yaml', `${workspace}/sales`, 'regions/emea.yaml'],
    [`${workspace}/sales/t.yaml`, '/elsewhere', 'sales/t.yaml'],
    ['../../outside.yaml', workspace, '../../outside.yaml'],
  ])('%s run from %s -> %s', (file, cwd, expected) => {
    expect(repoRelativePath(file, { cwd, workspace })).toBe(expected);
  });
});
