// An emulator on 127.0.0.1:0 plus a temporary working folder: what every end-to-end test needs.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_OAUTH_CLIENT, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorOptions, RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from './run-cli.js';
import type { CliResult } from './run-cli.js';

export interface TestOrg {
  readonly emulator: RunningEmulator;
  readonly dir: string;
  /** The environment a CLI run needs to talk to this emulator. */
  readonly env: Readonly<Record<string, string>>;
  write(name: string, text: string): Promise<string>;
  close(): Promise<void>;
}

export const DEMO_CREDENTIALS = {
  ZOHO_CLIENT_ID: DEMO_OAUTH_CLIENT.clientId,
  ZOHO_CLIENT_SECRET: DEMO_OAUTH_CLIENT.clientSecret,
  ZOHO_REFRESH_TOKEN: DEMO_OAUTH_CLIENT.refreshToken,
} as const;

export async function startTestOrg(options: EmulatorOptions = {}): Promise<TestOrg> {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1', jobDelayMs: 20, ...options });
  const dir = await mkdtemp(path.join(tmpdir(), 'territory-sync-e2e-'));
  return {
    emulator,
    dir,
    env: {
      ...DEMO_CREDENTIALS,
      ZOHO_API_DOMAIN: emulator.url,
      ZOHO_ACCOUNTS_URL: emulator.url,
    },
    async write(name, text) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      return file;
    },
    async close() {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A territories.yaml with these records (ids quoted) and territory references. */
export function desiredYaml(
  records: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>,
): string {
  const lines = ['version: 1', 'records:'];
  for (const [module, byId] of Object.entries(records)) {
    lines.push(`  ${module}:`);
    for (const [id, refs] of Object.entries(byId)) {
      lines.push(`    "${id}": [${refs.map((r) => JSON.stringify(r)).join(', ')}]`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** An org whose folder holds territories.yaml, and the CLI as a user runs it there. */
export async function startOrgWith(
  yaml: string,
  options: EmulatorOptions = {},
): Promise<{
  org: TestOrg;
  cli: (argv: readonly string[], env?: Record<string, string | undefined>) => Promise<CliResult>;
}> {
  const org = await startTestOrg(options);
  await org.write('territories.yaml', yaml);
  const cli = (argv: readonly string[], env: Record<string, string | undefined> = {}) =>
    runCli(argv, { cwd: org.dir, env: { ...org.env, ...env } });
  return { org, cli };
}
