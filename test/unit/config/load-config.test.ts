import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { credentialsFromEnv } from '../../../src/config/credentials.js';
import { loadConfig } from '../../../src/config/load-config.js';
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
  it('uses the defaults when there is no config file', async () => {
    const cwd = await folderWith({});
    const config = await loadConfig({ env: {}, cwd });
    expect(config).toMatchObject({
      configPath: undefined,
      desired: ['territories.yaml'],
      batchSize: 10,
      concurrency: 5,
      safety: { absolute: 50, ratio: 0.3 },
    });
  });

  it('finds territory-sync.config.yaml and applies the selected environment over the base', async () => {
    const cwd = await folderWith({
      'territory-sync.config.yaml': [
        'desired: [teams/*.yaml]',
        'connection: { dataCentre: eu }',
        'concurrency: 10',
        'environments:',
        '  sandbox:',
        '    connection: { apiDomain: "https://sandbox.zohoapis.eu" }',
        '    safety: { maxRemovals: 5 }',
      ].join('\n'),
    });
    const config = await loadConfig({ env: {}, cwd, environment: 'sandbox' });
    expect(config.environment).toBe('sandbox');
    expect(config.desired).toEqual(['teams/*.yaml']);
    expect(config.connection).toEqual({
      dataCentre: 'eu',
      apiDomain: 'https://sandbox.zohoapis.eu',
    });
    expect(config.concurrency).toBe(10);
    expect(config.safety).toEqual({ absolute: 5, ratio: 0.3 });
  });

  it('reads the territory-sync key of package.json', async () => {
    const cwd = await folderWith({
      'package.json': JSON.stringify({ name: 'x', 'territory-sync': { batchSize: 4 } }),
    });
    expect((await loadConfig({ env: {}, cwd })).batchSize).toBe(4);
  });

  it('names an unknown environment and lists the known ones', async () => {
    const cwd = await folderWith({
      'territory-sync.config.json': JSON.stringify({
        environments: { sandbox: {}, production: {} },
      }),
    });
    const error = await configError(loadConfig({ env: {}, cwd, environment: 'prod' }));
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain("no environment named 'prod'");
    expect(error.hint).toContain('sandbox, production');
  });

  it('reports every schema problem at once, naming each setting', async () => {
    const cwd = await folderWith({
      'territory-sync.config.json': JSON.stringify({
        batchSize: 50,
        connection: { dataCentre: 'mars' },
        colour: true,
      }),
    });
    const error = await configError(loadConfig({ env: {}, cwd }));
    expect(error.message).toContain('territory-sync.config.json');
    expect(error.message).toContain('/batchSize: must be <= 10');
    expect(error.message).toContain('/connection/dataCentre: must be one of "us", "eu"');
    expect(error.message).toContain("unknown setting 'colour'");
  });

  it.each([
    [
      'a clientSecret key',
      { connection: { dataCentre: 'us' }, clientSecret: 'x' },
      '/clientSecret',
    ],
    [
      'a refresh_token inside an environment',
      { environments: { prod: { refresh_token: 'x' } } },
      '/environments/prod/refresh_token',
    ],
    [
      'a token-shaped value',
      { desired: '1000.0123456789abcdef0123.0123456789abcdef0123' },
      '/desired',
    ],
  ])(
    'refuses a config file holding %s, without echoing the value',
    async (_name, content, where) => {
      const cwd = await folderWith({ 'territory-sync.config.json': JSON.stringify(content) });
      const error = await configError(loadConfig({ env: {}, cwd }));
      expect(error.code).toBe('INVALID_CONFIG');
      expect(error.message).toContain(where);
      expect(error.hint).toContain('ZOHO_CLIENT_SECRET');
      expect(`${error.message} ${error.hint}`).not.toContain('0123456789abcdef0123');
    },
  );

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

describe('credentialsFromEnv', () => {
  it('prefers the refresh-token trio', () => {
    expect(
      credentialsFromEnv({
        ZOHO_CLIENT_ID: 'id',
        ZOHO_CLIENT_SECRET: 'secret',
        ZOHO_REFRESH_TOKEN: 'refresh',
        ZOHO_ACCESS_TOKEN: 'access',
      }),
    ).toEqual({
      kind: 'refresh-token',
      clientId: 'id',
      clientSecret: 'secret',
      refreshToken: 'refresh',
    });
  });

  it('accepts a short-lived access token alone', () => {
    expect(credentialsFromEnv({ ZOHO_ACCESS_TOKEN: 'access' })).toEqual({
      kind: 'access-token',
      accessToken: 'access',
    });
  });

  it('names the missing variables', () => {
    expect(() => credentialsFromEnv({ ZOHO_CLIENT_ID: 'id' })).toThrow(
      'ZOHO_CLIENT_SECRET, ZOHO_REFRESH_TOKEN are not set',
    );
    expect(() => credentialsFromEnv({})).toThrow('No Zoho credentials');
  });
});
