// Runs one job in a fresh worker process (bench/worker.ts) and returns its answer. A worker that
// does not answer within the time limit is killed, so a hung job cannot hang the benchmark.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { AnswerFor, WorkerAnswer, WorkerJob } from './worker-protocol.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));
/** After answering, a worker may hold keep-alive sockets for a while; it need not linger. */
const EXIT_GRACE_MS = 2_000;

export async function runInWorker<J extends WorkerJob>(
  job: J,
  timeoutMs: number,
): Promise<AnswerFor<J>> {
  const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  try {
    const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`bench: ${job.kind} job gave no answer in ${timeoutMs} ms`)),
        timeoutMs,
      );
      child.once('message', (message) => resolve(message as WorkerAnswer));
      child.once('error', reject);
      child.once('exit', (code) =>
        reject(new Error(`bench: the ${job.kind} worker exited (code ${code}) without answering`)),
      );
      child.send(job);
    });
    if (answer.kind === 'error')
      throw new Error(`bench: ${job.kind} job failed: ${answer.message}`);
    if (answer.kind !== job.kind)
      throw new Error(`bench: asked for ${job.kind}, got ${answer.kind}`);
    return answer as AnswerFor<J>;
  } finally {
    clearTimeout(timer);
    const grace = new Promise<void>((resolve) => setTimeout(resolve, EXIT_GRACE_MS).unref());
    await Promise.race([exited, grace]);
    if (child.exitCode === null && child.signalCode === null) child.kill();
  }
}
