// A Zoho that answers a write with job ids no Zoho would send (escape codes and a workflow
// command, too many digits, a number) and a code territory-sync does not know: the apply
// journal keeps only real job ids, stays readable for `why` and `apply --resume`, and the
// report tells an admin what to do about the unknown code.
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { R, smallOrg } from '../e2e/small-org.js';
import { startFaultOrg } from '../faults/fault-org.js';
import type { FaultOrg } from '../faults/fault-org.js';
import { desiredYaml } from '../helpers/org.js';

let current: FaultOrg | undefined;
const servers: { close(): void }[] = [];
afterEach(async () => {
  await current?.close();
  current = undefined;
  for (const server of servers.splice(0)) server.close();
});

function scheduled(id: string, jobId: unknown) {
  return {
    code: 'SCHEDULED',
    details: { job_id: jobId, id },
    message: 'Territory assignment process scheduled successfully',
    status: 'success',
  };
}

/** The first Accounts assign is answered with `forged`; everything else reaches the emulator. */
async function zohoInFront(upstream: string, forged: unknown): Promise<string> {
  let answered = false;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      if (!answered && url.includes('/Accounts/actions/assign_territories')) {
        answered = true;
        res.writeHead(207, { 'content-type': 'application/json' });
        res.end(JSON.stringify(forged));
        return;
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
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(await answer.text());
        })
        .catch((error: unknown) => {
          res.writeHead(502);
          res.end(String(error));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('hostile job ids in a write answer', () => {
  it('are never journaled; the journal stays readable for why and --resume; an unknown code says what to do', async () => {
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
    const front = await zohoInFront(o.emulator.url, {
      data: [
        scheduled(R.acme, '\u001b[2J\n::warning::pwned'),
        scheduled(R.globex, '9'.repeat(31)),
        {
          code: 'BRAND_NEW_CODE',
          details: { job_id: 12345, id: R.initech },
          message: 'something new',
          status: 'error',
        },
      ],
    });

    const run = await o.cli(['apply', '--auto-approve'], { ZOHO_API_DOMAIN: front });
    // Nothing was scheduled behind the forged answer: the read-back finds the records unchanged.
    expect(run.code, run.stdout + run.stderr).toBe(4);
    const [name] = await readdir(o.path('.territory-sync'));
    expect(name).toMatch(/^journal-[0-9a-f]{12}\.jsonl$/);
    const file = `.territory-sync/${name ?? ''}`;
    const journal = await readFile(o.path(file), 'utf8');
    expect(journal).toContain('"code":"SCHEDULED"');
    expect(journal).not.toContain('jobId');
    // The unknown code reaches the admin with Zoho's words and the one safe next step.
    expect(run.stdout).toMatch(
      /BRAND_NEW_CODE: something new \(a Zoho code territory-sync does not know: check the record in Zoho CRM, then run `territory-sync plan`/,
    );

    // `why` reads the journal (not "skipped") and shows no job for the forged ids.
    const why = await o.cli(['why', 'Accounts', R.acme], { ZOHO_API_DOMAIN: front });
    expect(why.code, why.stdout + why.stderr).toBe(0);
    expect(why.stdout).toContain(`${name ?? ''}: failed`);
    expect(why.stdout).not.toContain('skipped');
    expect(why.stdout).not.toContain(', job ');
    // --resume accepts it and finishes the plan (Zoho, behind the same URL, now answers honestly).
    const resumed = await o.cli(['apply', '--resume', file, '--journal', 'again.jsonl'], {
      ZOHO_API_DOMAIN: front,
    });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    // A real job id is journaled.
    const again = await readFile(o.path('again.jsonl'), 'utf8');
    expect(again).toMatch(/"jobId":"[0-9]{1,30}"/);
  });
});
