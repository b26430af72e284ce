// The fault matrix, answer side: a server in front of the emulator answers the first write call
// itself, with data[] as a broken or hostile Zoho could send it: out of order, an entry twice,
// one for a record that was not sent, a LIMIT_EXCEEDED whose json_path points past the
// territories and whose limit is not a count, an unknown code carrying terminal escapes and
// GitHub workflow commands. Apply must give each record only the answer that names it, never
// send a refused record again, and show Zoho's text inert, under GitHub Actions too.
import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { R, T, smallOrg } from '../e2e/small-org.js';
import { desiredYaml } from '../helpers/org.js';
import { startFaultOrg } from './fault-org.js';
import type { FaultOrg } from './fault-org.js';

let current: FaultOrg | undefined;
const servers: { close(): void }[] = [];
afterEach(async () => {
  await current?.close();
  current = undefined;
  for (const server of servers.splice(0)) server.close();
});

const ELSEWHERE = '554023000003699999';
const UNKNOWN_CODE = 'PWNED\u001b[2J\n::add-mask::x';
const UNKNOWN_MESSAGE = '\u001b]8;;http://evil.example\u0007click\r\n::stop-commands::tok';
const LIMIT_MESSAGE = 'Maximum limit\n::error file=x::pwned';

/** A forged first answer, record by record, in an order that is not the input's. */
function outOfOrder(): unknown {
  return {
    data: [
      // Initech (sent third) answered first, and again further down.
      scheduledFor(R.initech),
      scheduledFor(ELSEWHERE),
      {
        code: 'LIMIT_EXCEEDED',
        message: LIMIT_MESSAGE,
        // Globex is the second record sent; Territories[42] names no territory it was sent.
        details: { api_name: 'Territories', json_path: '$.data[1].Territories[42]', limit: '1e9' },
        status: 'error',
      },
      {
        code: UNKNOWN_CODE,
        message: UNKNOWN_MESSAGE,
        details: { api_name: 'id', json_path: '$.data[0].id' },
        status: 'error',
      },
      scheduledFor(R.initech),
    ],
  };
}

function scheduledFor(id: string) {
  return {
    code: 'SCHEDULED',
    details: { job_id: '554023000009999001', id },
    message: 'Territory assignment process scheduled successfully',
    status: 'success',
  };
}

interface Front {
  readonly url: string;
  /** The record ids of every write call that reached the front, call by call. */
  readonly writes: string[][];
}

/**
 * A server in front of the emulator: the first Accounts assign is answered with `forged` and
 * never reaches the emulator (nothing is scheduled); everything else is passed through.
 */
async function zohoInFront(upstream: string, forged: unknown): Promise<Front> {
  const writes: string[][] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      if (/\/actions\/(assign|remove)_territories$/.test(url)) {
        const sent = JSON.parse(body.toString('utf8')) as { data: { id: string }[] };
        writes.push(sent.data.map((e) => e.id));
        if (writes.length === 1 && url.includes('/Accounts/actions/assign_territories')) {
          res.writeHead(207, { 'content-type': 'application/json' });
          res.end(JSON.stringify(forged));
          return;
        }
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (e): e is [string, string] =>
            typeof e[1] === 'string' && !['host', 'content-length', 'connection'].includes(e[0]),
        ),
      );
      fetch(`${upstream}${url}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body.length > 0 ? { body } : {}),
      })
        .then(async (answer) => {
          const text = await answer.text();
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(text);
        })
        .catch((error: unknown) => {
          res.writeHead(502);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, writes };
}

/** Lines GitHub's runner would read as a workflow command the tool did not write itself. */
function foreignCommands(text: string): string[] {
  const own = /^::(?:error|warning|notice) (?:[a-z]+=[^,:\r\n]*,)*title=[^,:\r\n]*::/;
  return text
    .split(/\r\n|\r|\n|\u2028|\u2029|\u0085/)
    .filter((line) => /##\[/.test(line) || (/^\s*::/.test(line) && !own.test(line)));
}

describe('fault matrix: write answers that do not say what Zoho promises', () => {
  it('each record gets only the answer naming it; the refused ones are not sent again; Zoho text is shown inert', async () => {
    // Acme, Globex and Initech go out in one Accounts call, in that order.
    const o = await startFaultOrg(
      desiredYaml({
        Accounts: {
          [R.acme]: ['East', 'West'],
          [R.globex]: ['West'],
          [R.initech]: ['DACH', 'Partners'],
        },
      }),
      { seed: smallOrg() },
    );
    current = o;
    const front = await zohoInFront(o.emulator.url, outOfOrder());
    const summary = o.path('step-summary.md');
    await writeFile(summary, '');

    const run = await o.cli(['apply', '--auto-approve', '--report', 'r.json'], {
      ZOHO_API_DOMAIN: front.url,
      GITHUB_ACTIONS: 'true',
      GITHUB_STEP_SUMMARY: summary,
    });

    expect(run.code, run.stdout + run.stderr).toBe(4);
    const report = await o.readReport('r.json');
    const record = (id: string) => report.records.find((r) => r.id === id);
    // Acme: the entry whose json_path names $.data[0] (its code unknown to us).
    expect(record(R.acme)).toMatchObject({ status: 'failed', code: 'UNKNOWN', attempts: 1 });
    // Globex: the forged LIMIT_EXCEEDED at $.data[1], said with the documented limit.
    expect(record(R.globex)).toMatchObject({
      status: 'failed',
      code: 'LIMIT_EXCEEDED',
      attempts: 1,
    });
    expect(record(R.globex)?.reason).toContain('would hold more than 10 territories');
    // Initech: its own SCHEDULED (twice, alike); nothing landed, so the read-back says so.
    expect(record(R.initech)).toMatchObject({
      status: 'failed',
      code: 'NOT_CONVERGED',
      attempts: 1,
    });
    expect(record(R.initech)?.reason).toContain('lacks Partners');
    // Sent once each: a refused record is not resent, nor is the one "scheduled" twice.
    expect(front.writes).toEqual([[R.acme, R.globex, R.initech]]);
    expect(o.territoriesOf('Accounts', R.globex)).toEqual([]);

    // Zoho's words reach the user with their control characters shown, never acted on.
    for (const output of [run.stdout, run.stderr, await readFile(summary, 'utf8')]) {
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      expect(output).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/);
      expect(foreignCommands(output)).toEqual([]);
    }
    expect(run.stdout).toContain('PWNED');
    expect(run.stdout).toContain('click');

    // A plain re-run (Zoho answering as documented) finishes the job.
    const again = await o.cli(['apply', '--auto-approve']);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(o.territoriesOf('Accounts', R.acme)).toEqual([T.east, T.west].sort());
    expect(o.territoriesOf('Accounts', R.globex)).toEqual([T.west]);
  });

  it('one entry per record that is not about those records: none is read by its position, none is resent', async () => {
    const o = await startFaultOrg(
      desiredYaml({
        Accounts: {
          [R.acme]: ['East', 'West'],
          [R.globex]: ['West'],
          [R.initech]: ['DACH', 'Partners'],
        },
      }),
      { seed: smallOrg() },
    );
    current = o;
    // Three entries for three records, but the first names a record that was not sent, the
    // second names none, and the third points at Acme's sixth territory (it was sent one).
    const front = await zohoInFront(o.emulator.url, {
      data: [
        scheduledFor(ELSEWHERE),
        {
          code: 'ALREADY_SCHEDULED',
          details: {},
          message: 'a job is already scheduled',
          status: 'error',
        },
        {
          code: 'DUPLICATE_DATA',
          details: { api_name: 'id', json_path: '$.data[0].Territories[5].id' },
          message: 'Given Territory already exists for that record',
          status: 'error',
        },
      ],
    });

    const run = await o.cli(['apply', '--auto-approve', '--report', 'r.json'], {
      ZOHO_API_DOMAIN: front.url,
    });

    expect(run.code, run.stdout + run.stderr).toBe(4);
    const report = await o.readReport('r.json');
    const codes = Object.fromEntries(report.records.map((r) => [r.id, [r.code, r.attempts]]));
    expect(codes).toEqual({
      [R.acme]: ['DUPLICATE_DATA', 1],
      [R.globex]: ['NO_ANSWER', 1],
      [R.initech]: ['NO_ANSWER', 1],
    });
    expect(report.records.find((r) => r.id === R.globex)?.reason).toContain(
      'run `territory-sync apply` again',
    );
    expect(front.writes).toEqual([[R.acme, R.globex, R.initech]]);
  });
});
