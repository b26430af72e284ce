// The admin routes take no token, so they answer only programs on this machine: a loopback
// Host, no Origin but a loopback one, and POSTs typed application/json. Checked before the
// route, so an unknown route is refused the same way.
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { rawRequest } from './helpers.js';

describe('admin route guard', () => {
  let emulator: RunningEmulator;
  let port: string;
  beforeAll(async () => {
    emulator = await startEmulator();
    port = new URL(emulator.url).port;
  });
  afterAll(() => emulator?.stop());

  async function status(method: string, route: string, headers: Record<string, string>) {
    const reply = await rawRequest(`${emulator.url}/__emulator/${route}`, { method, headers });
    if ('error' in reply) throw new Error(reply.error);
    expect(reply.text.startsWith('{')).toBe(true);
    return reply.status;
  }

  it.each([
    ['127.0.0.1:PORT', 200],
    ['127.255.255.254', 200],
    ['localhost', 200],
    ['LocalHost:PORT', 200],
    ['[::1]:PORT', 200],
    ['127.0.0.1.nip.io:PORT', 403],
    ['127.256.0.1', 403],
    ['127.1', 403],
    ['localhost.evil.example', 403],
    ['evil.example', 403],
    ['0.0.0.0:PORT', 403],
    ['[::ffff:7f00:1]:PORT', 403],
    ['127.0.0.1:99999', 403],
  ])('Host %s answers %i', async (host, expected) => {
    expect(await status('GET', 'health', { host: host.replace('PORT', port) })).toBe(expected);
  });

  it.each([
    ['http://127.0.0.1:3000', 200],
    ['https://localhost', 200],
    ['http://[::1]:8080', 200],
    ['null', 403],
    ['https://evil.example', 403],
    ['http://127.0.0.1.evil.example', 403],
    ['file://', 403],
    ['http://localhost, https://evil.example', 403],
  ])('Origin %s answers %i', async (origin, expected) => {
    expect(await status('GET', 'stats', { origin })).toBe(expected);
  });

  it.each([
    ['application/json', 200],
    ['Application/JSON; charset=utf-8', 200],
    ['text/plain', 415],
    ['multipart/form-data; boundary=x', 415],
    ['application/json-patch+json', 415],
  ])('POST with Content-Type %s answers %i', async (type, expected) => {
    expect(await status('POST', 'reset', { 'content-type': type })).toBe(expected);
  });

  it('refuses an unknown admin route the same way, and a request with no Host at all', async () => {
    expect(await status('POST', 'nothing', { 'content-type': 'text/plain' })).toBe(415);
    expect(await status('POST', 'nothing', { 'content-type': 'application/json' })).toBe(404);
    const noHost = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${emulator.url}/__emulator/health`, {
        setHost: false,
        agent: false,
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(noHost).toBeGreaterThanOrEqual(400);
    expect(noHost).toBeLessThan(500);
  });
});
