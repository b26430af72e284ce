// `node dist/bench/bench/profile-plan.js`: where plan's CPU goes. Builds the benchmark's org
// (bench/org-fixture.ts) and its working folder, starts the emulator with the same latency and
// cap as the bench, then runs the real binary (`bin/territory-sync.js plan --out plan.json`)
// under `node --cpu-prof` and ranks the profile's frames by self time (bench/cpu-profile.ts).
// With --apply it then profiles `apply plan.json` the same way.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { RunningEmulator } from '../src/emulator/index.js';
import type { CpuProfile } from './cpu-profile.js';
import { formatSummary, summarizeProfile } from './cpu-profile.js';
import { loadEmulator, repoRoot } from './dist-modules.js';
import { cliEnv } from './measure-cli.js';
import { buildFixture } from './org-fixture.js';
import { ORG_SEED, ORG_TERRITORIES, SCENARIO_SETS } from './scenarios.js';
import type { SetRun } from './set-run.js';
import { createWorkspace } from './workspace.js';

const USAGE = `Usage: node dist/bench/bench/profile-plan.js [--records N] [--top K] [--apply]
       node dist/bench/bench/profile-plan.js --summarize FILE.cpuprofile [--top K]

Profiles \`territory-sync plan --out plan.json\` (node --cpu-prof) against the bench's org of N
records (default 100000) on the emulator (100 ms latency, cap 10), writes the profile to
bench/results/profile/ and prints the top K frames and files by self time (default 25).
Build first: npm run build && npx tsc -p tsconfig.bench.json.

  --apply       also profile \`apply plan.json\` after the plan
  --node-flag   a flag for node itself, e.g. --node-flag=--max-semi-space-size=64 (repeatable)
  --summarize   only rank the frames of a profile written earlier
`;

/** One process run of the binary, bounded: a hung command is killed. */
const RUN_TIMEOUT_MS = 10 * 60_000;

function runProfiled(
  args: readonly string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    profileDir: string;
    name: string;
    nodeFlags: readonly string[];
  },
): Promise<{ code: number | null; stderr: string; wallMs: number }> {
  const bin = path.join(repoRoot(), 'bin', 'territory-sync.js');
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [
      ...options.nodeFlags,
      '--cpu-prof',
      `--cpu-prof-dir=${options.profileDir}`,
      `--cpu-prof-name=${options.name}`,
      bin,
      ...args,
    ],
    { cwd: options.cwd, env: options.env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));
  const timer = setTimeout(() => child.kill(), RUN_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, wallMs: performance.now() - started });
    });
  });
}

async function printSummary(file: string, top: number, title: string): Promise<void> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const summary = summarizeProfile(profile, repoRoot());
  process.stdout.write(`\n## ${title}\n${path.relative(process.cwd(), file)}\n\n`);
  process.stdout.write(`${formatSummary(summary, top)}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      records: { type: 'string', default: '100000' },
      top: { type: 'string', default: '25' },
      apply: { type: 'boolean' },
      summarize: { type: 'string' },
      'node-flag': { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return 0;
  }
  const top = Number(values.top);
  if (values.summarize !== undefined) {
    await printSummary(path.resolve(values.summarize), top, 'profile');
    return 0;
  }
  const records = Number(values.records.replace(/_/g, ''));
  const set = SCENARIO_SETS.find((s) => s.records === records && s.org === 'mixed' && !s.fullOnly);
  if (set === undefined) {
    throw new Error(`--records: no scenario for ${values.records}; see bench/scenarios.ts`);
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const emu = await loadEmulator();
  const fixture = buildFixture(emu.generateOrg, {
    records: set.records,
    changeShare: set.changeShare,
    territories: ORG_TERRITORIES,
    seed: ORG_SEED,
  });
  const workspace = await createWorkspace(fixture, set);
  const profileDir = path.join(repoRoot(), 'bench', 'results', 'profile');
  await mkdir(profileDir, { recursive: true });
  const run: SetRun = { set, emu, fixture, workspace, log };
  let emulator: RunningEmulator | undefined;
  try {
    emulator = await emu.startEmulator({
      seed: fixture.seed,
      latencyMs: set.latencyMs,
      concurrencyLimit: set.concurrency,
      jobDelayMs: set.jobDelayMs,
    });
    const env = cliEnv(run, emulator.url);
    const jobs: { args: string[]; name: string }[] = [
      { args: ['plan', '--out', 'plan.json'], name: `plan-${records}.cpuprofile` },
    ];
    if (values.apply === true) {
      jobs.push({
        args: ['apply', 'plan.json', '--report', 'apply-report.json'],
        name: `apply-${records}.cpuprofile`,
      });
    }
    for (const job of jobs) {
      emulator.resetStats();
      const result = await runProfiled(job.args, {
        cwd: workspace.dir,
        env,
        profileDir,
        name: job.name,
        nodeFlags: values['node-flag'] ?? [],
      });
      await emulator.waitForIdle(60_000);
      const calls = emulator.stats().calls;
      log(
        `${job.args[0]}: exit ${result.code}, ${Math.round(result.wallMs)} ms (process), ${calls} calls`,
      );
      if (result.code !== 0) {
        log(result.stderr);
        return 1;
      }
      await printSummary(
        path.join(profileDir, job.name),
        top,
        `${job.args[0]} at ${records} records`,
      );
    }
    return 0;
  } finally {
    await emulator?.stop();
    await workspace.remove();
  }
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  return 1;
});
