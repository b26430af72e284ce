// A worker process: receives one job over IPC, imports what it needs from dist/ (not timed),
// times the job, and answers with its wall time, CPU time and the process's peak RSS.
import { readFile } from 'node:fs/promises';
import { PassThrough } from 'node:stream';
import { loadCliRun, loadCommand, loadPipeline, loadZoho } from './dist-modules.js';
import { bareReads } from './bare-reads.js';
import { emulatorLoad } from './emulator-load.js';
import { localWork, readCrmState } from './local-work.js';
import type { NaiveRecord } from './naive-sync.js';
import { naiveSync } from './naive-sync.js';
import { sequentialSync } from './sequential-sync.js';
import type { Measured, WorkerAnswer, WorkerJob } from './worker-protocol.js';

const TAIL_LINES = 6;

function tail(text: string): string {
  return text.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
}

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

async function timed<T>(job: () => Promise<T>): Promise<T & Measured> {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  const value = await job();
  const wallMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ...value,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function perform(job: WorkerJob): Promise<WorkerAnswer> {
  switch (job.kind) {
    case 'cli': {
      const { run } = await loadCliRun();
      await loadCommand(job.argv[0] ?? '');
      const stdout = Object.assign(new PassThrough(), { isTTY: false });
      const stderr = Object.assign(new PassThrough(), { isTTY: false });
      const stdin = Object.assign(new PassThrough(), { isTTY: false });
      const out = collect(stdout);
      const err = collect(stderr);
      const io = { stdout, stderr, stdin, env: job.env, cwd: job.cwd };
      const result = await timed(async () => ({ code: await run(job.argv, io) }));
      return { kind: 'cli', ...result, stdoutTail: tail(out()), stderrTail: tail(err()) };
    }
    case 'naive':
    case 'sequential': {
      const { createZohoClient } = await loadZoho();
      const records = JSON.parse(await readFile(job.inputPath, 'utf8')) as NaiveRecord[];
      const client = createZohoClient({
        connection: { apiDomain: job.url, accountsUrl: job.url },
        credentials: { kind: 'refresh-token', ...job.credentials },
        concurrency: job.concurrency,
      });
      const sync = job.kind === 'naive' ? naiveSync : sequentialSync;
      const result = await timed(() =>
        sync(client, records, { pollDelayMs: job.pollDelayMs, maxPolls: 50 }),
      );
      return { kind: job.kind, ...result, clientRetries: client.stats().retries };
    }
    case 'floor': {
      const records = JSON.parse(await readFile(job.inputPath, 'utf8')) as NaiveRecord[];
      const result = await timed(() => bareReads({ ...job, records }));
      return { kind: 'floor', ...result };
    }
    case 'emulator': {
      const result = await timed(() => emulatorLoad(job));
      return { kind: 'emulator', ...result };
    }
    case 'local': {
      const pipeline = await loadPipeline();
      const state = await readCrmState(job.statePath);
      const result = await timed(() => localWork(pipeline, state, job));
      return { kind: 'local', ...result };
    }
  }
}

process.once('message', (job: WorkerJob) => {
  void perform(job)
    .catch((error: unknown): WorkerAnswer => ({
      kind: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }))
    .then((answer) => process.send?.(answer, () => process.disconnect()));
});
