// The benchmark measures what users run: the compiled dist/ that `npm run bench` builds first.
// Modules are loaded from there at run time and typed by their sources in src/, so the bench's
// own compilation (tsconfig.bench.json) never runs a second copy of the tool. The one direct
// import is src/constants/zoho.ts (Zoho's documented limits, no behaviour), in minimum-calls.ts
// and the bare HTTP client's files (http-json.ts, bare-reads.ts, emulator-load.ts).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as CliRun from '../src/cli/run.js';
import type * as BuildPlan from '../src/core/build-plan.js';
import type * as PlanJson from '../src/core/plan-json.js';
import type * as Safety from '../src/core/safety.js';
import type * as LoadDesired from '../src/desired/load-desired.js';
import type * as Emulator from '../src/emulator/index.js';
import type * as RenderPlan from '../src/render/render-plan.js';
import type * as Zoho from '../src/zoho/index.js';

/** The nearest folder above this file holding package.json: the repository root. */
export function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 10; depth += 1) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error('bench: cannot find the repository root (no package.json above the bench)');
}

async function load<T>(relative: string): Promise<T> {
  const file = path.join(repoRoot(), 'dist', relative);
  if (!existsSync(file)) {
    throw new Error(`bench: ${file} is missing; build first (npm run bench does: npm run build)`);
  }
  return (await import(pathToFileURL(file).href)) as T;
}

export const loadEmulator = () => load<typeof Emulator>('emulator/index.js');
export const loadZoho = () => load<typeof Zoho>('zoho/index.js');
export const loadCliRun = () => load<typeof CliRun>('cli/run.js');

/**
 * The code of the command `run()` will run (`cli/commands/<name>.js`: `run` imports each
 * command only when it runs). The worker loads it before the clock starts, as it loads the
 * other modules of a job: what is timed is the command's work, not Node reading its files.
 */
export async function loadCommand(name: string): Promise<void> {
  // A name with anything but letters is no command; run() reports it.
  if (!/^[a-z]+$/.test(name)) return;
  const relative = path.join('cli', 'commands', `${name}.js`);
  if (existsSync(path.join(repoRoot(), 'dist', relative))) await load(relative);
}

/** The pure pipeline behind `plan`, step by step, for the local-work timing. */
export type Pipeline = Awaited<ReturnType<typeof loadPipeline>>;

export async function loadPipeline() {
  const [desired, build, safety, render, json] = await Promise.all([
    load<typeof LoadDesired>('desired/load-desired.js'),
    load<typeof BuildPlan>('core/build-plan.js'),
    load<typeof Safety>('core/safety.js'),
    load<typeof RenderPlan>('render/render-plan.js'),
    load<typeof PlanJson>('core/plan-json.js'),
  ]);
  return {
    loadDesired: desired.loadDesired,
    buildPlan: build.buildPlan,
    defaultSafety: safety.DEFAULT_SAFETY,
    renderPlan: render.renderPlan,
    serializePlanChunks: json.serializePlanChunks,
  };
}
