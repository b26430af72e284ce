// The edge: finding and reading the config file, and a rejection thrown as INVALID_CONFIG.
// What a config value resolves to (environments, defaults, every rejection) is
// resolve-config.test.ts, without a folder.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { resolveConfig } from '../../../src/config/resolve-config.js';
import { TerritorySyncError } from '../../../src/errors.js';

async function folderWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ts-config-'));
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

async function configError(promise: Promise<unknown>): Promise<TerritorySyncError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TerritorySyncError);
  return error as TerritorySyncError;
}

describe('loadConfig', () => {
  it('uses the defaults when there is no config file, the working folder as baseDir', async () => {
    const cwd = await folderWith({});
    const config = await loadConfig({ env: {}, cwd });
    expect(resolveConfig(undefined, {}, { cwd })).toEqual({ ok: true, config });
    expect(config).toMatchObject({
      configPath: undefined,
      baseDir: cwd,
      desired: ['territories.yaml'],
      batchSize: 10,
      concurrency: 5,
      safety: { absolute: 50, ratio: 0.3 },
    });
  });

  it('finds territory-sync.config.yaml and resolves it with --env', async () => {
    const cwd = await folderWith({
      'territory-sync.config.yaml': [
        'desired: [teams/*.yaml]',
        'environments:',
        '  sandbox:',
        '    modules: { Leads: true }',
      ].join('\n'),
    });
    const config = await loadConfig({ env: {}, cwd, environment: 'sandbox' });
    expect(config).toMatchObject({
      configPath: path.join(cwd, 'territory-sync.config.yaml'),
      baseDir: cwd,
      environment: 'sandbox',
      desired: ['teams/*.yaml'],
      modules: ['Accounts', 'Contacts', 'Deals', 'Leads'],
    });
  });

  it("throws resolveConfig's rejection as INVALID_CONFIG, naming the file as found", async () => {
    const text = '{\n  "batchSize": 50,\n  "colour": true\n}\n';
    const cwd = await folderWith({ 'territory-sync.config.json': text });
    const error = await configError(loadConfig({ env: {}, cwd }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toBe(
      [
        'territory-sync.config.json: is not a valid territory-sync configuration:',
        "  territory-sync.config.json:3:3: (top level): unknown setting 'colour'",
        '  territory-sync.config.json:2:3: /batchSize: must be <= 10',
      ].join('\n'),
    );
    expect(error.hint).toContain('"Configuration" section of the README');
    const unknown = await configError(
      loadConfig({ env: {}, cwd: await folderWith({}), environment: 'prod' }),
    );
    expect(unknown.message).toBe("(defaults): has no environment named 'prod'.");
  });

  it('writes control characters from the file as escapes', async () => {
    const cwd = await folderWith({ 'territory-sync.config.json': '{"\\u001b[2Jx": 1}' });
    const error = await configError(loadConfig({ env: {}, cwd }));
    expect(error.message).toContain("unknown setting '\\u001b[2Jx'");
    expect(error.message).not.toContain('\u001b');
  });

  it('reads the territory-sync key of package.json', async () => {
    const cwd = await folderWith({
      'package.json': JSON.stringify({ name: 'x', 'territory-sync': { batchSize: 4 } }),
    });
    expect((await loadConfig({ env: {}, cwd })).batchSize).toBe(4);
  });

  it('passes over an empty file and a package.json without the key, as the search always did', async () => {
    const cwd = await folderWith({
      'package.json': JSON.stringify({ name: 'x' }),
      'territory-sync.config.json': '  \n',
      '.territory-syncrc': 'batchSize: 6\n',
    });
    const config = await loadConfig({ env: {}, cwd });
    expect(config.batchSize).toBe(6);
    expect(config.configPath).toBe(path.join(cwd, '.territory-syncrc'));
  });

  it('refuses `$import` under the territory-sync key of package.json', async () => {
    const cwd = await folderWith({
      'package.json': JSON.stringify({ 'territory-sync': { $import: 'other.json' } }),
    });
    const error = await configError(loadConfig({ env: {}, cwd }));
    expect(error.message).toContain('package.json: `$import` is not supported');
  });

  it('refuses an executable config unless the environment allows it', async () => {
    const cwd = await folderWith({
      'territory-sync.config.mjs': 'export default { batchSize: 2 };\n',
    });
    for (const value of [undefined, '', '0', 'yes']) {
      const error = await configError(
        loadConfig({ cwd, env: { TERRITORY_SYNC_ALLOW_JS_CONFIG: value } }),
      );
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.message).toMatch(
        /^territory-sync\.config\.mjs: is a JavaScript or TypeScript config/,
      );
      expect(error.hint).toContain('TERRITORY_SYNC_ALLOW_JS_CONFIG=1');
    }
    for (const value of ['1', 'true', ' TRUE ']) {
      const config = await loadConfig({ cwd, env: { TERRITORY_SYNC_ALLOW_JS_CONFIG: value } });
      expect(config.batchSize).toBe(2);
    }
  });

  it('names the formats it reads when --config has another extension', async () => {
    const cwd = await folderWith({ 'settings.toml': 'batchSize = 2\n' });
    const error = await configError(loadConfig({ env: {}, cwd, configFile: 'settings.toml' }));
    expect(error.message).toContain('settings.toml: territory-sync reads .json, .yaml and .yml');
  });

  it('says which file could not be found with --config', async () => {
    const cwd = await folderWith({});
    const error = await configError(loadConfig({ env: {}, cwd, configFile: 'missing.yaml' }));
    expect(error.message).toBe('missing.yaml: no such config file');
  });
});
