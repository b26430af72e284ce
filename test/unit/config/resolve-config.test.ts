// resolveConfig is pure: each case is a value (and, for located messages, the text it was parsed
// from), no folder. The working folder given is one that does not exist: nothing is read there.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/config/config-types.js';
import type { ResolvedConfig } from '../../../src/config/config-types.js';
import { resolveConfig } from '../../../src/config/resolve-config.js';
import type {
  ConfigRejection,
  ConfigSource,
  ResolveOptions,
} from '../../../src/config/resolve-config.js';

const CWD = '/nonexistent/work';
const YAML_FILE = '/nonexistent/work/territory-sync.config.yaml';
const JSON_FILE = '/nonexistent/work/territory-sync.config.json';

function resolved(
  value: unknown,
  source: ConfigSource = {},
  options: Partial<ResolveOptions> = {},
): ResolvedConfig {
  const result = resolveConfig(value, source, { cwd: CWD, ...options });
  if (!result.ok) throw new Error(`rejected: ${result.file}: ${result.message}`);
  return result.config;
}

function rejected(
  value: unknown,
  source: ConfigSource = {},
  options: Partial<ResolveOptions> = {},
): ConfigRejection {
  const result = resolveConfig(value, source, { cwd: CWD, ...options });
  if (result.ok) throw new Error('resolved, expected a rejection');
  return result;
}

/** A YAML config as config-file.ts hands it over: the value, and the text for locating. */
function yamlSource(lines: readonly string[]): ConfigSource {
  return { path: YAML_FILE, label: 'territory-sync.config.yaml', text: `${lines.join('\n')}\n` };
}

describe('resolveConfig: defaults, environments, merging', () => {
  it('uses DEFAULTS when there is no config file, the working folder as baseDir', () => {
    for (const value of [undefined, null, {}]) {
      expect(resolved(value)).toEqual({
        configPath: undefined,
        baseDir: CWD,
        environment: undefined,
        desired: [...DEFAULTS.desired],
        connection: {},
        batchSize: DEFAULTS.batchSize,
        concurrency: DEFAULTS.concurrency,
        jobTimeoutSeconds: DEFAULTS.jobTimeoutSeconds,
        requestTimeoutSeconds: DEFAULTS.requestTimeoutSeconds,
        safety: DEFAULTS.safety,
        recordRetries: DEFAULTS.recordRetries,
        journalsKept: DEFAULTS.journalsKept,
        modules: ['Accounts', 'Contacts', 'Deals'],
        owners: [],
        ledgerFile: `${CWD}/.territory-sync/ledger.json`,
      } satisfies ResolvedConfig);
    }
  });

  it("takes configPath from the source and baseDir from the file's folder", () => {
    const config = resolved({}, { path: '/repo/config/territory-sync.config.yaml' });
    expect(config.configPath).toBe('/repo/config/territory-sync.config.yaml');
    expect(config.baseDir).toBe('/repo/config');
  });

  it('applies the selected environment over the base, group by group', () => {
    const value = {
      desired: ['teams/*.yaml'],
      connection: { dataCentre: 'eu' },
      concurrency: 10,
      recordRetries: { attempts: 1 },
      environments: {
        sandbox: {
          connection: { apiDomain: 'https://sandbox.zohoapis.eu' },
          safety: { maxRemovals: 5 },
          recordRetries: { delaySeconds: 7 },
        },
      },
    };
    const config = resolved(value, {}, { environment: 'sandbox' });
    expect(config.environment).toBe('sandbox');
    expect(config.desired).toEqual(['teams/*.yaml']);
    expect(config.connection).toEqual({
      dataCentre: 'eu',
      apiDomain: 'https://sandbox.zohoapis.eu',
    });
    expect(config.concurrency).toBe(10);
    expect(config.safety).toEqual({ absolute: 5, ratio: DEFAULTS.safety.ratio });
    expect(config.recordRetries).toEqual({ attempts: 1, delaySeconds: 7 });
    // Without --env the base alone.
    expect(resolved(value).connection).toEqual({ dataCentre: 'eu' });
  });

  it('selects defaultEnvironment unless --env names another', () => {
    const value = {
      defaultEnvironment: 'sandbox',
      environments: { sandbox: { batchSize: 3 }, production: { batchSize: 9 } },
    };
    expect(resolved(value)).toMatchObject({ environment: 'sandbox', batchSize: 3 });
    expect(resolved(value, {}, { environment: 'production' })).toMatchObject({
      environment: 'production',
      batchSize: 9,
    });
  });

  it('writes a single desired path as a list of one', () => {
    expect(resolved({ desired: 'a.yaml' }).desired).toEqual(['a.yaml']);
    expect(resolved({ desired: ['a.yaml', 'b/*.yaml'] }).desired).toEqual(['a.yaml', 'b/*.yaml']);
  });

  it('keeps journalsKept at the top level', () => {
    expect(resolved({ journalsKept: 3 }).journalsKept).toBe(3);
    const inEnvironment = rejected({ environments: { prod: { journalsKept: 3 } } });
    expect(inEnvironment.message).toContain("/environments/prod: unknown setting 'journalsKept'");
  });

  it('manages Leads only where `modules: { Leads: true }` opts in, per environment', () => {
    const value = {
      environments: { production: { modules: { Leads: true } }, sandbox: {} },
    };
    expect(resolved(value).modules).toEqual(['Accounts', 'Contacts', 'Deals']);
    expect(resolved(value, {}, { environment: 'production' }).modules).toEqual([
      'Accounts',
      'Contacts',
      'Deals',
      'Leads',
    ]);
    expect(resolved(value, {}, { environment: 'sandbox' }).modules).toEqual([
      'Accounts',
      'Contacts',
      'Deals',
    ]);
    // An environment can switch off what the top level switched on.
    const off = {
      modules: { Leads: true },
      environments: { sandbox: { modules: { Leads: false } } },
    };
    expect(resolved(off).modules).toContain('Leads');
    expect(resolved(off, {}, { environment: 'sandbox' }).modules).not.toContain('Leads');
    expect(rejected({ modules: { Tasks: true } }).message).toContain(
      "/modules: unknown setting 'Tasks'",
    );
  });

  it('imports nothing that reads files, the environment or the process', async () => {
    const file = new URL('../../../src/config/resolve-config.ts', import.meta.url);
    const source = await readFile(file, 'utf8');
    const imports = [...source.matchAll(/\bfrom '([^']+)'|\bimport\('([^']+)'\)/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(imports).toContain('./find-secrets.js');
    const impure =
      /^(node:)?(fs|os|process|child_process|net|http|https)(\/|$)|config-file|config-loaders|load-config|cosmiconfig/;
    expect(imports.filter((name) => impure.test(name ?? ''))).toEqual([]);
    expect(source).not.toMatch(/\bprocess\./);
  });

  it('neither changes the value it is given nor depends on anything but its arguments', () => {
    const value = {
      connection: { dataCentre: 'eu' },
      environments: { prod: { connection: { apiDomain: 'https://www.zohoapis.eu' } } },
    };
    const before = structuredClone(value);
    const first = resolveConfig(value, {}, { cwd: CWD, environment: 'prod' });
    expect(value).toEqual(before);
    expect(resolveConfig(value, {}, { cwd: CWD, environment: 'prod' })).toEqual(first);
  });
});

describe("resolveConfig: the selectors' ledger file", () => {
  it('defaults to .territory-sync/ledger.json beside the config file, or in the working folder', () => {
    expect(resolved({}).ledgerFile).toBe('/nonexistent/work/.territory-sync/ledger.json');
    expect(resolved({}, { path: '/repo/config/territory-sync.config.yaml' }).ledgerFile).toBe(
      '/repo/config/.territory-sync/ledger.json',
    );
  });

  it("gives each environment its own default, so a sandbox never shares production's", () => {
    const value = {
      defaultEnvironment: 'production',
      environments: { production: {}, sandbox: {} },
    };
    expect(resolved(value).ledgerFile).toBe(
      '/nonexistent/work/.territory-sync/ledger.production.json',
    );
    expect(resolved(value, {}, { environment: 'sandbox' }).ledgerFile).toBe(
      '/nonexistent/work/.territory-sync/ledger.sandbox.json',
    );
  });

  it("resolves the setting against the config file's folder; an environment inherits it renamed", () => {
    const value = {
      ledger: 'state/ledger.json',
      environments: { sandbox: {}, staging: { ledger: '../common/staging-ledger.json' } },
    };
    const source = { path: '/repo/config/territory-sync.config.yaml' };
    expect(resolved(value, source).ledgerFile).toBe('/repo/config/state/ledger.json');
    expect(resolved(value, source, { environment: 'sandbox' }).ledgerFile).toBe(
      '/repo/config/state/ledger.sandbox.json',
    );
    expect(resolved(value, source, { environment: 'staging' }).ledgerFile).toBe(
      '/repo/common/staging-ledger.json',
    );
    expect(resolved({ ledger: '/var/lib/ledger.json' }, source).ledgerFile).toBe(
      '/var/lib/ledger.json',
    );
  });

  it.each([
    ['a URL', 'https://example.com/ledger.json'],
    ['a file URL', 'file:///tmp/ledger.json'],
    ['a NUL character', 'ledger.json\u0000.txt'],
    ['a line break', 'ledger\n.json'],
    ['an empty path', ''],
  ])('refuses a ledger path that is %s', (_name, ledger) => {
    for (const value of [{ ledger }, { environments: { sandbox: { ledger } } }]) {
      const rejection = rejected(value);
      expect(rejection.kind).toBe('schema');
      expect(rejection.message).toMatch(/\/ledger: must (be a file path|NOT have fewer)/);
    }
  });
});

describe('resolveConfig: rejections, as values', () => {
  it.each([
    [
      '--env',
      { environments: { sandbox: {}, production: {} } },
      'prod',
      'Use one of: sandbox, production.',
    ],
    ['--env __proto__', { environments: { prod: {} } }, '__proto__', 'Use one of: prod.'],
    ['--env constructor', { environments: { prod: {} } }, 'constructor', 'Use one of: prod.'],
    ['--env without environments', {}, 'prod', 'Add an "environments" section'],
  ])('names an unknown environment (%s) and lists the known ones', (_name, value, env, hint) => {
    const rejection = rejected(value, {}, { environment: env });
    expect(rejection.kind).toBe('unknown-environment');
    expect(rejection.file).toBe('(defaults)');
    expect(rejection.message).toBe(`has no environment named '${env}'.`);
    expect(rejection.hint).toContain(hint);
  });

  it('locates an unknown defaultEnvironment in the file', () => {
    const rejection = rejected(
      { defaultEnvironment: '__proto__' },
      yamlSource(['# settings', 'defaultEnvironment: __proto__']),
    );
    expect(rejection.message).toBe("has no environment named '__proto__'.");
    expect(rejection.problems).toEqual([
      { pointer: '/defaultEnvironment', place: '2:21', text: "no environment named '__proto__'" },
    ]);
  });

  it('reports every schema problem at once, naming each setting', () => {
    const rejection = rejected(
      { batchSize: 50, connection: { dataCentre: 'mars' }, colour: true },
      { path: JSON_FILE, label: 'territory-sync.config.json' },
    );
    expect(rejection.kind).toBe('schema');
    expect(rejection.file).toBe('territory-sync.config.json');
    expect(rejection.message).toMatch(/^is not a valid territory-sync configuration:\n {2}/);
    expect(rejection.message).toContain('/batchSize: must be <= 10');
    expect(rejection.message).toContain('/connection/dataCentre: must be one of "us", "eu"');
    expect(rejection.message).toContain("unknown setting 'colour'");
    expect(rejection.hint).toContain('"Configuration" section of the README');
    expect(rejection.problems.map((p) => p.pointer).sort()).toEqual([
      '/batchSize',
      '/colour',
      '/connection/dataCentre',
    ]);
  });

  it('locates schema problems as file:line:col when given the text', () => {
    const text =
      '{\n  "batchSize": "ten",\n  "concurrency": -1,\n  "connection": { "dataCentre": "mars" }\n}\n';
    const rejection = rejected(JSON.parse(text), {
      path: JSON_FILE,
      label: 'territory-sync.config.json',
      text,
    });
    expect(rejection.message.split('\n').slice(1)).toEqual([
      '  territory-sync.config.json:4:19: /connection/dataCentre: must be one of "us", "eu", "in", "au", "jp", "ca", "cn", "sa"',
      '  territory-sync.config.json:2:3: /batchSize: must be integer',
      '  territory-sync.config.json:3:3: /concurrency: must be >= 1',
    ]);
    const yaml = yamlSource(['batchSise: 5', 'environments:', '  prod:', '    concurency: 2']);
    expect(
      rejected({ batchSise: 5, environments: { prod: { concurency: 2 } } }, yaml).problems,
    ).toEqual([
      { pointer: '/batchSise', place: '1:1', text: "(top level): unknown setting 'batchSise'" },
      {
        pointer: '/environments/prod/concurency',
        place: '4:5',
        text: "/environments/prod: unknown setting 'concurency'",
      },
    ]);
  });

  it('names the setting alone when the source has no text to locate in (a JavaScript config)', () => {
    const rejection = rejected(
      { batchSize: 0 },
      { path: '/x/territory-sync.config.mjs', label: 'territory-sync.config.mjs', text: 'x' },
    );
    expect(rejection.message).toBe(
      'is not a valid territory-sync configuration:\n  /batchSize: must be >= 1',
    );
    expect(rejection.problems[0]?.place).toBeUndefined();
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
  ])('refuses a config holding %s, without echoing the value', (_name, value, where) => {
    const rejection = rejected(value);
    expect(rejection.kind).toBe('secret');
    expect(rejection.message).toBe(
      `holds a secret at ${where}. Credentials must never be committed.`,
    );
    expect(rejection.hint).toContain('ZOHO_CLIENT_SECRET');
    expect(JSON.stringify(rejection)).not.toContain('0123456789abcdef0123');
  });

  it('locates a secret by its key, a secret value by the value', () => {
    const rejection = rejected(
      {
        clientSecret: 'x',
        environments: { prod: { desired: '1000.0123456789abcdef0123.fedcba9876543210fedc' } },
      },
      yamlSource([
        'clientSecret: x',
        'environments:',
        '  prod:',
        '    desired: 1000.0123456789abcdef0123.fedcba9876543210fedc',
      ]),
    );
    expect(rejection.message).toBe(
      'holds a secret at /clientSecret (territory-sync.config.yaml:1:1), ' +
        '/environments/prod/desired (territory-sync.config.yaml:4:14). ' +
        'Credentials must never be committed.',
    );
  });

  it('checks secrets before the schema: a secret under an unknown key is named a secret', () => {
    const rejection = rejected({ zoho: { password: 'x' }, batchSize: 'ten' });
    expect(rejection.kind).toBe('secret');
    expect(rejection.problems.map((p) => p.pointer)).toEqual(['/zoho/password']);
  });

  it.each([
    ['http://www.zohoapis.eu', 'plain http to www.zohoapis.eu'],
    ['https://user:pass@www.zohoapis.eu', 'a Zoho URL carries no user name or password'],
  ])('refuses %s, at the top level and in an environment', (url, problem) => {
    const value = {
      connection: { apiDomain: url },
      environments: { prod: { connection: { accountsUrl: url } } },
    };
    const rejection = rejected(value, {
      ...yamlSource([
        'connection:',
        `  apiDomain: ${url}`,
        'environments:',
        '  prod:',
        '    connection:',
        `      accountsUrl: ${url}`,
      ]),
    });
    expect(rejection.kind).toBe('insecure-url');
    expect(rejection.message.split('\n')).toEqual([
      'names a Zoho URL without TLS:',
      expect.stringContaining(
        `  territory-sync.config.yaml:2:14: /connection/apiDomain: ${problem}`,
      ),
      expect.stringContaining(
        `  territory-sync.config.yaml:6:20: /environments/prod/connection/accountsUrl: ${problem}`,
      ),
    ]);
    expect(rejection.hint).toContain('Use https://');
  });

  it('accepts plain http to loopback hosts (the emulator)', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://localhost:1', 'http://[::1]:2']) {
      expect(resolved({ connection: { apiDomain: url, accountsUrl: url } }).connection).toEqual({
        apiDomain: url,
        accountsUrl: url,
      });
    }
  });
});
