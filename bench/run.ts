// `npm run bench [-- --full]`: runs the scenarios against the emulator, prints one table, and
// writes bench/results/latest.json. Timings are per machine; the ratios are what we compare.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchRow } from './bench-row.js';
import { repoRoot } from './dist-modules.js';
import { runScenarioSet } from './run-scenario-set.js';
import type { ScenarioSet } from './scenarios.js';
import type { ScenarioKind } from './scenarios.js';
import { SCENARIO_KINDS, SCENARIO_SETS } from './scenarios.js';
import { formatDetails, formatTable } from './table.js';

const USAGE = `Usage: npm run bench [-- --full] [-- --sizes 1000,100000] [-- --scenarios plan,selectors]

Measures plan, apply, the naive one-call-per-record baseline and the local work against the
emulator (fixed latency, concurrency cap) at 1,000, 10,000 and 100,000 records, the emulator's
own speed at 100,000, and a plan whose selectors match 10,000 and 100,000 records beside the
same records listed by id; prints one table and writes bench/results/latest.json.

  --full            also run the naive baseline at 100,000 records (about 20 more minutes)
  --sizes N,N...    only the org sizes listed (for working on one of them)
  --scenarios K,... only these scenarios (${SCENARIO_KINDS.join(', ')})
  --help            show this text
`;

/** One line per distinct setting, naming the org sizes it applies to. */
function settingsLines(sets: readonly ScenarioSet[]): string {
  const bySetting = new Map<string, number[]>();
  for (const set of sets) {
    const line =
      `emulator: ${set.latencyMs} ms latency per call, concurrency cap ${set.concurrency}, ` +
      `jobs land after ${set.jobDelayMs} ms; territory-sync: concurrency ${set.concurrency}, ` +
      `batch size 10; ${set.changeShare * 100}% of records change`;
    bySetting.set(line, [...(bySetting.get(line) ?? []), set.records]);
  }
  if (bySetting.size === 1) return [...bySetting.keys()].join('');
  return [...bySetting]
    .map(([line, sizes]) => `N = ${[...new Set(sizes)].join(', ')}: ${line}`)
    .join('\n');
}

function parseSizes(text: string): ReadonlySet<number> {
  const known = new Set(SCENARIO_SETS.map((set) => set.records));
  const sizes = text.split(',').map((part) => Number(part.trim().replace(/_/g, '')));
  const unknown = sizes.filter((size) => !known.has(size));
  if (unknown.length > 0) {
    throw new Error(
      `--sizes: no scenario for ${unknown.join(', ')}; known: ${[...known].join(', ')}`,
    );
  }
  return new Set(sizes);
}

function parseKinds(text: string): ReadonlySet<ScenarioKind> {
  const known = new Set<string>(SCENARIO_KINDS);
  const kinds = text.split(',').map((part) => part.trim());
  const unknown = kinds.filter((kind) => !known.has(kind));
  if (unknown.length > 0) {
    throw new Error(
      `--scenarios: no scenario ${unknown.join(', ')}; known: ${SCENARIO_KINDS.join(', ')}`,
    );
  }
  return new Set(kinds as ScenarioKind[]);
}

async function main(argv: readonly string[]): Promise<number> {
  let full = false;
  let sizes: ReadonlySet<number> | undefined;
  let kinds: ReadonlySet<ScenarioKind> | undefined;
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        full: { type: 'boolean' },
        sizes: { type: 'string' },
        scenarios: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help === true) {
      process.stdout.write(USAGE);
      return 0;
    }
    full = values.full === true;
    if (values.sizes !== undefined) sizes = parseSizes(values.sizes);
    if (values.scenarios !== undefined) kinds = parseKinds(values.scenarios);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }

  // A set keeps only the scenarios asked for; one left with none is not run (no org is built).
  const sets = SCENARIO_SETS.filter(
    (set) => (full || !set.fullOnly) && (sizes === undefined || sizes.has(set.records)),
  )
    .map((set) =>
      kinds === undefined ? set : { ...set, kinds: set.kinds.filter((kind) => kinds.has(kind)) },
    )
    .filter((set) => set.kinds.length > 0);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = performance.now();
  const rows: BenchRow[] = [];
  for (const set of sets) rows.push(...(await runScenarioSet(set, log)));
  const totalMs = performance.now() - started;

  process.stdout.write(
    `\n${settingsLines(sets)}\n\n${formatTable(rows)}\n\n${formatDetails(rows)}\n\n` +
      `calls/min: API calls against the fewest the job can take; wall/ideal: wall time against ` +
      `calls x latency / concurrency.\nTotal ${(totalMs / 1000).toFixed(0)} s.\n`,
  );
  const file = path.join(repoRoot(), 'bench', 'results', 'latest.json');
  await mkdir(path.dirname(file), { recursive: true });
  const results = {
    format: 'territory-sync/bench',
    formatVersion: 1,
    generatedAt: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryMb: Math.round(os.totalmem() / 2 ** 20),
      node: process.version,
      platform: `${process.platform} ${os.release()}`,
    },
    scenarioSets: sets,
    totalMs,
    rows,
  };
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}\n`);
  return rows.every((row) => row.ok) ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return 1;
});
