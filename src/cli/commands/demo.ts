import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator } from '../../emulator/index.js';
import { DEMO_OAUTH_CLIENT } from '../../emulator/index.js';
import type { CommandContext } from '../context.js';
import { createContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { applyCommand } from './apply.js';
import { planCommand } from './plan.js';

/**
 * `npm start`: the whole loop against the bundled emulator, so a new user sees what the tool
 * does before connecting a real org.
 */
export async function demoCommand(ctx: CommandContext): Promise<number> {
  const emulator = await startEmulator({ port: 0 });
  // The demo org lives only as long as this run: its apply journal goes to a temp folder.
  const scratch = await mkdtemp(path.join(tmpdir(), 'territory-sync-demo-'));
  try {
    const env = {
      ...ctx.io.env,
      ZOHO_API_DOMAIN: emulator.url,
      ZOHO_ACCOUNTS_URL: emulator.url,
      ZOHO_CLIENT_ID: DEMO_OAUTH_CLIENT.clientId,
      ZOHO_CLIENT_SECRET: DEMO_OAUTH_CLIENT.clientSecret,
      ZOHO_REFRESH_TOKEN: DEMO_OAUTH_CLIENT.refreshToken,
    };
    const demo = createContext({ ...ctx.io, env }, ctx.global);
    const step = (title: string) =>
      demo.result(`\n${'='.repeat(4)} ${title} ${'='.repeat(Math.max(4, 72 - title.length))}\n`);
    demo.result(
      `Demo: a Zoho CRM emulator with the demo org is listening on ${emulator.url}.\n` +
        'territory-sync will plan territories.yaml against it, apply the plan, and plan again.',
    );
    step('1/3  territory-sync plan');
    const planned = await planCommand(demo, { format: 'text', detailedExitcode: true });
    if (planned !== EXIT.changesPresent && planned !== EXIT.ok) return planned;
    step('2/3  territory-sync apply --auto-approve');
    const applied = await applyCommand(demo, {
      autoApprove: true,
      allowMassRemoval: false,
      wait: true,
      journal: path.join(scratch, 'journal.jsonl'),
    });
    if (applied !== EXIT.ok) return applied;
    step('3/3  territory-sync plan (again)');
    const again = await planCommand(demo, { format: 'text', detailedExitcode: true });
    demo.result(
      again === EXIT.ok
        ? '\nDone: the emulator now matches territories.yaml. Edit the file and run `npm start` to rehearse another change\n' +
            '(each run starts from the demo org again). See README.md to connect a real org.'
        : '\nThe second plan still shows changes: the apply did not converge (see above).',
    );
    return again;
  } finally {
    await emulator.stop();
    await rm(scratch, { recursive: true, force: true });
  }
}
