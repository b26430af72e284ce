// Issue #13, hostile input round two, through the whole CLI: the emulator plays Zoho behind a
// proxy that turns its answers hostile (echoing the caller's access token into write results,
// names and error bodies; a catalogue that never ends; an answer that never ends). What a
// person or a CI log can read is scanned: stdout, stderr, the report, the journal, the step
// summary and the outputs file. And nothing is written to Zoho when a read was refused.
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { startTestOrg } from '../helpers/org.js';
import type { TestOrg } from '../helpers/org.js';

interface Seen {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly token: string | undefined;
}

interface Hooks {
  /** Answers without asking the emulator when it returns true. */
  readonly instead?: (seen: Seen, res: ServerResponse) => boolean;
  /** Rewrites the emulator's JSON answer (in place). */
  readonly rewrite?: (seen: Seen, status: number, body: Record<string, unknown>) => number;
}

interface HostileProxy {
  readonly url: string;
  /** Every access token a CLI run sent. */
  readonly tokens: Set<string>;
  readonly requests: Seen[];
  close(): Promise<void>;
}

async function readAll(stream: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The emulator's API domain, through hooks that make its answers hostile. */
async function startProxy(target: string, hooks: Hooks): Promise<HostileProxy> {
  const tokens = new Set<string>();
  const requests: Seen[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const sent = await readAll(req);
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const auth = req.headers.authorization;
      const token = auth?.startsWith('Zoho-oauthtoken ') ? auth.slice(16) : undefined;
      if (token !== undefined) tokens.add(token);
      const seen = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        token,
      };
      requests.push(seen);
      if (hooks.instead?.(seen, res)) return;
      const upstream = request(`${target}${req.url ?? '/'}`, {
        method: req.method,
        headers: { ...req.headers, host: new URL(target).host, 'accept-encoding': 'identity' },
      });
      upstream.end(sent);
      const answer = await new Promise<IncomingMessage>((resolve, reject) => {
        upstream.once('response', resolve);
        upstream.once('error', reject);
      });
      const received = await readAll(answer);
      let status = answer.statusCode ?? 502;
      let text = received.toString('utf8');
      if (hooks.rewrite && text.trim().startsWith('{')) {
        const body = JSON.parse(text) as Record<string, unknown>;
        status = hooks.rewrite(seen, status, body);
        text = JSON.stringify(body);
      }
      const headers = { ...answer.headers };
      delete headers['content-length'];
      delete headers['transfer-encoding'];
      res.writeHead(status, headers);
      res.end(text);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tokens,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let org: TestOrg | undefined;
let proxy: HostileProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await org?.close();
  proxy = undefined;
  org = undefined;
});

async function setUp(hooks: Hooks) {
  const o = await startTestOrg();
  org = o;
  const p = await startProxy(o.emulator.url, hooks);
  proxy = p;
  await copyFile(path.join(REPO_ROOT, 'territories.yaml'), path.join(o.dir, 'territories.yaml'));
  const env = {
    ...o.env,
    // API calls through the proxy; the token endpoint directly (its answers are not the point).
    ZOHO_API_DOMAIN: p.url,
    GITHUB_ACTIONS: 'true',
    GITHUB_STEP_SUMMARY: path.join(o.dir, 'github-step-summary.md'),
    GITHUB_OUTPUT: path.join(o.dir, 'github-output.txt'),
  };
  const cli = (argv: readonly string[]) => runCli(argv, { cwd: o.dir, env });
  return { org: o, proxy: p, cli };
}

/** Every file the runs wrote, by name relative to the working folder. */
async function filesIn(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'territories.yaml') continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, file), await readFile(file, 'utf8'));
  }
  return files;
}

function leaksIn(texts: ReadonlyMap<string, string>, secrets: Iterable<string>): string[] {
  const found: string[] = [];
  for (const [where, text] of texts) {
    for (const secret of secrets) if (text.includes(secret)) found.push(`${where} holds it`);
  }
  return found;
}

const isWrite = (s: Seen) => s.method === 'POST' && /_territories$/.test(s.path);

describe('the CLI never passes on a secret Zoho echoes', () => {
  it('apply: echoed in write results (message, code, details) and record names', async () => {
    let echoed = 0;
    const { org, proxy, cli } = await setUp({
      rewrite: (seen, status, body) => {
        const token = seen.token ?? '';
        if (!Array.isArray(body.data)) return status;
        for (const [index, item] of (body.data as Record<string, unknown>[]).entries()) {
          if (isWrite(seen)) {
            echoed += 1;
            item.message = `${String(item.message)} for Zoho-oauthtoken ${token}`;
            item.details = { ...(item.details as object), echo: token, [token]: 'key' };
            // The first record of each call fails, with the token in its code.
            if (index === 0) {
              item.status = 'error';
              item.code = `NOT_ALLOWED_${token}`;
            }
          } else if (typeof item.Account_Name === 'string') {
            item.Account_Name = `${item.Account_Name} ${token}`;
          }
        }
        return status;
      },
    });

    const apply = await cli(['apply', '--auto-approve', '--verbose', '--report', 'report.json']);

    expect(apply.code, apply.stderr).not.toBe(0);
    expect(proxy.requests.filter(isWrite).length).toBeGreaterThan(0);
    expect(echoed).toBeGreaterThan(0);
    expect(proxy.tokens.size).toBeGreaterThan(0);
    const files = await filesIn(org.dir);
    expect([...files.keys()]).toEqual(
      expect.arrayContaining(['report.json', 'github-step-summary.md']),
    );
    expect([...files.keys()].some((f) => f.endsWith('.jsonl'))).toBe(true);
    const scanned = new Map([['stdout', apply.stdout], ['stderr', apply.stderr], ...files]);
    expect(leaksIn(scanned, proxy.tokens)).toEqual([]);
    // The echoed texts did arrive, redacted: the scan above looked at them.
    expect(files.get('report.json')).toContain('[redacted]');
  });

  it('plan: echoed in an error body', async () => {
    const { org, proxy, cli } = await setUp({
      instead: (seen, res) => {
        if (seen.path !== '/crm/v7/settings/territories') return false;
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            code: `INVALID_DATA_${seen.token ?? ''}`,
            status: 'error',
            message: `cannot use ${seen.token ?? ''}`,
            details: { token: seen.token },
          }),
        );
        return true;
      },
    });

    const plan = await cli(['plan', '--verbose', '--out', 'plan.json']);

    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('[redacted]');
    const files = await filesIn(org.dir);
    expect(files.has('plan.json')).toBe(false);
    const scanned = new Map([['stdout', plan.stdout], ['stderr', plan.stderr], ...files]);
    expect(proxy.tokens.size).toBeGreaterThan(0);
    expect(leaksIn(scanned, proxy.tokens)).toEqual([]);
  });
});

describe('the CLI never plans or applies from an incomplete or oversized read', () => {
  it('a catalogue whose more_records never ends: refused after 100 pages, nothing written', async () => {
    const { org, proxy, cli } = await setUp({
      rewrite: (seen, status, body) => {
        if (seen.path === '/crm/v7/settings/territories') {
          body.info = { ...(body.info as object), more_records: true };
        }
        return status;
      },
      instead: (seen, res) => {
        const page = Number(seen.query.get('page'));
        if (seen.path !== '/crm/v7/settings/territories' || page === 1) return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            territories: [
              { id: String(770000000000000000n + BigInt(page)), name: `Ghost ${page}` },
            ],
            info: { page, more_records: true },
          }),
        );
        return true;
      },
    });

    const apply = await cli(['apply', '--auto-approve', '--report', 'report.json']);

    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('after 100 pages');
    expect(apply.stderr).toMatch(/territories read/);
    expect(proxy.requests.filter(isWrite)).toEqual([]);
    expect(org.emulator.stats().writeCalls).toBe(0);
  });

  it('an answer that never ends: cut off at 16 MiB, once, nothing written', async () => {
    let sent = 0;
    const { org, proxy, cli } = await setUp({
      instead: (seen, res) => {
        if (seen.path !== '/crm/v7/Accounts' || !seen.query.has('ids')) return false;
        res.writeHead(200, { 'content-type': 'application/json' });
        const piece = Buffer.from(
          `${JSON.stringify({ id: '1', Account_Name: 'x'.repeat(2000) })},`.repeat(32),
        );
        let open = true;
        res.on('close', () => (open = false));
        res.write('{"data":[');
        const pump = () => {
          while (open) {
            sent += piece.length;
            if (!res.write(piece)) return void res.once('drain', pump);
          }
        };
        pump();
        return true;
      },
    });

    const apply = await cli(['apply', '--auto-approve']);

    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain('Zoho answered GET /crm/v7/Accounts with more than 16 MiB');
    expect(proxy.requests.filter(isWrite)).toEqual([]);
    expect(org.emulator.stats().writeCalls).toBe(0);
    expect(sent).toBeLessThan(80 * 1024 * 1024);
  });
});
