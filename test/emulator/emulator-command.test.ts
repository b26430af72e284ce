// `territory-sync emulator`: one line with the URL, serving until SIGINT/SIGTERM or abort.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { emulatorCommand, emulatorOptionsFromFlags } from '../../src/cli/commands/emulator.js';
import type { Io } from '../../src/cli/io.js';
import { faultOptionProblems } from '../../src/emulator/index.js';
import { accessToken, rawRequest, sleep } from './helpers.js';

function io() {
  let out = '';
  let err = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        append(chunk.toString());
        done();
      },
    });
  const value: Io = {
    stdout: sink((s) => (out += s)),
    stderr: sink((s) => (err += s)),
    stdin: new PassThrough(),
    env: {},
    cwd: process.cwd(),
  };
  return { io: value, out: () => out, err: () => err };
}

/** Bounded (about 10 s at most) so a broken command fails the test instead of hanging it. */
async function waitForUrl(out: () => string): Promise<string> {
  for (let i = 0; i < 1_000; i++) {
    const match = /^Zoho CRM emulator listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(out());
    if (match?.[1]) return match[1];
    await sleep(10);
  }
  throw new Error(`no URL line in: ${out()}`);
}

describe('emulatorCommand', () => {
  it('prints the URL, serves, and stops with 0 when aborted', async () => {
    // How long the emulator takes to start is `npm run bench`'s emulator row, not asserted here.
    const console_ = io();
    const abort = new AbortController();
    const running = emulatorCommand({ port: 0, verbose: true }, console_.io, abort.signal);
    const url = await waitForUrl(console_.out);
    expect(console_.out()).toContain('ZOHO_CLIENT_ID=1000.DEMO0CLIENT0ID0TERRITORYSYNC');
    const reply = await rawRequest(`${url}/oauth/v2/token?refresh_token=secret-value`, {
      method: 'POST',
    });
    expect('status' in reply && reply.status).toBe(200);
    expect(console_.err()).toContain('POST /oauth/v2/token?refresh_token=*** 200');
    expect(console_.err()).not.toContain('secret-value');
    abort.abort();
    expect(await running).toBe(0);
    expect(await rawRequest(`${url}/__emulator/health`, { method: 'GET' })).toEqual({
      error: 'ECONNREFUSED',
    });
  });

  it('stops cleanly on SIGTERM', async () => {
    const console_ = io();
    const running = emulatorCommand(
      { port: 0, seed: 'examples/emulator/small-org.yaml' },
      console_.io,
    );
    await waitForUrl(console_.out);
    expect(console_.out().split('\n').filter(Boolean)).toHaveLength(1);
    // Only the command listens, so emitting the signal reaches nothing else in this worker.
    expect(process.listenerCount('SIGTERM')).toBe(1);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
  });

  it('takes fault options from a JSON file, refusing one it cannot use', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-faults-'));
    const file = path.join(dir, 'faults.json');
    writeFileSync(file, JSON.stringify({ schedule: [{ kind: 'serverError', calls: [1] }] }));
    const console_ = io();
    const abort = new AbortController();
    const running = emulatorCommand({ port: 0, faults: file }, console_.io, abort.signal);
    const url = await waitForUrl(console_.out);
    const token = await accessToken({ url });
    const reply = await rawRequest(`${url}/crm/v7/settings/territories`, {
      method: 'GET',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    expect('status' in reply && reply.status).toBe(500);
    abort.abort();
    expect(await running).toBe(0);

    writeFileSync(file, JSON.stringify({ serverErrorRate: 5 }));
    await expect(emulatorCommand({ port: 0, faults: file }, io().io)).rejects.toThrowError(
      /serverErrorRate must be a number from 0 to 1/,
    );
    const example = JSON.parse(readFileSync('examples/emulator/faults-flaky.json', 'utf8'));
    expect(faultOptionProblems(example)).toEqual([]);
  });

  it('reads its options from CLI flags, refusing values that make no sense', () => {
    expect(
      emulatorOptionsFromFlags({
        port: '8080',
        'latency-ms': '20-80',
        'fault-5xx-rate': '0.1',
        concurrency: '5',
        verbose: true,
      }),
    ).toEqual({
      port: 8080,
      latencyMs: { min: 20, max: 80 },
      faultRate5xx: 0.1,
      concurrency: 5,
      verbose: true,
    });
    expect(() => emulatorOptionsFromFlags({ 'fault-5xx-rate': '2' })).toThrowError(/0 to 1/);
    expect(() => emulatorOptionsFromFlags({ port: 'abc' })).toThrowError(/whole number/);
  });
});
