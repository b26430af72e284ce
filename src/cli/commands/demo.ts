import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../../emulator/index.js';
import { DEMO_OAUTH_CLIENT } from '../../emulator/index.js';
import type { CommandContext } from '../context.js';
import { createContext } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { applyCommand } from './apply.js';
import { planCommand } from './plan.js';
import { showCommand } from './show.js';

/** The territories.yaml shipped with the package, written for the demo org. */
const DEMO_DESIRED = fileURLToPath(new URL('../../../territories.yaml', import.meta.url));

/**
 * `npm start`: the reviewed loop against the bundled emulator (plan --out, show, apply the saved
 * plan, plan again), so a new user sees what the tool does before connecting a real org. It
 * works from any folder: the shipped territories.yaml is copied to a scratch folder, where the
 * plan file and the apply journal live and die with the demo org.
 */
export async function demoCommand(ctx: CommandContext): Promise<number> {
  const emulator = await startEmulator({ port: 0 });
  const scratch = await mkdtemp(path.join(tmpdir(), 'territory-sync-demo-'));
  try {
    await copyFile(DEMO_DESIRED, path.join(scratch, 'territories.yaml'));
    const env = {
      ...ctx.io.env,
      ZOHO_API_DOMAIN: emulator.url,
      ZOHO_ACCOUNTS_URL: emulator.url,
      ZOHO_CLIENT_ID: DEMO_OAUTH_CLIENT.clientId,
      ZOHO_CLIENT_SECRET: DEMO_OAUTH_CLIENT.clientSecret,
      ZOHO_REFRESH_TOKEN: DEMO_OAUTH_CLIENT.refreshToken,
    };
    const demo = createContext({ ...ctx.io, env, cwd: scratch }, ctx.global);
    const quietly = createContext({ ...ctx.io, env, cwd: scratch }, { ...ctx.global, quiet: true });
    const step = (title: string) =>
      demo.result(`\n${'='.repeat(4)} ${title} ${'='.repeat(Math.max(4, 72 - title.length))}\n`);
    demo.result(
      `Demo: a Zoho CRM emulator with the demo org is listening on ${emulator.url}.\n` +
        'territory-sync plans territories.yaml against it and saves the plan, shows the saved plan\n' +
        'as a reviewer would, applies exactly that plan, and plans again.',
    );
    step('1/4  territory-sync plan --out plan.json');
    const planned = await planCommand(quietly, {
      format: 'text',
      detailedExitcode: true,
      out: 'plan.json',
    });
    if (planned !== EXIT.changesPresent && planned !== EXIT.ok) return planned;
    step('2/4  territory-sync show plan.json   (what a reviewer reads)');
    await showCommand(quietly, { file: 'plan.json', format: 'text' });
    step('3/4  territory-sync apply plan.json');
    const applied = await applyCommand(quietly, {
      planFile: 'plan.json',
      autoApprove: true,
      allowMassRemoval: false,
      wait: true,
    });
    if (applied !== EXIT.ok) return applied;
    step('4/4  territory-sync plan (again)');
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
