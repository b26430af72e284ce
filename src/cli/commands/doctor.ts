// territory-sync doctor: the composition of config, credentials and a client tuned for probing
// (few retries: a wrong address should fail in seconds), then one line per check.
import { credentialsFromEnv } from '../../config/credentials.js';
import { loadConfig } from '../../config/load-config.js';
import { passed } from '../../doctor/check-result.js';
import type { CheckResult } from '../../doctor/check-result.js';
import { ClientEventLog } from '../../doctor/client-event-log.js';
import { connectionCheck } from '../../doctor/connection-check.js';
import { formatCheck, formatVerdict } from '../../doctor/format-check.js';
import type { CheckFormat } from '../../doctor/format-check.js';
import { runDoctor } from '../../doctor/run-doctor.js';
import { TerritorySyncError } from '../../errors.js';
import { createZohoClient } from '../../zoho/index.js';
import type { ZohoCredentials } from '../../zoho/index.js';
import type { CommandContext } from '../context.js';
import { resolveConnection } from '../connection.js';
import { EXIT } from '../exit-codes.js';

export interface DoctorCommandOptions {
  readonly config?: string;
  readonly env?: string;
}

/** Probing, not converging: give up on an unreachable or throttling server quickly. */
const DOCTOR_RETRY = { maxRetries: 2, maxElapsedMs: 15_000 } as const;

export async function doctorCommand(
  ctx: CommandContext,
  options: DoctorCommandOptions,
): Promise<number> {
  const config = await loadConfig({
    cwd: ctx.io.cwd,
    env: ctx.io.env,
    configFile: options.config,
    environment: options.env,
  });
  const connection = resolveConnection(config.connection, ctx.io.env);
  const format: CheckFormat = { unicode: ctx.io.stdout.isTTY === true, color: ctx.color };
  const results: CheckResult[] = [];
  const report = (result: CheckResult) => {
    results.push(result);
    ctx.result(formatCheck(result, format));
  };
  if (config.environment) ctx.info(`Checking ${config.environment} (${connection.label})`);

  let credentials: ZohoCredentials;
  try {
    credentials = credentialsFromEnv(ctx.io.env);
  } catch (error) {
    if (!(error instanceof TerritorySyncError)) throw error;
    report(connectionCheck(connection));
    report({
      status: 'fail',
      name: 'credentials',
      detail: error.hint === undefined ? error.message : `${error.message} ${error.hint}`,
    });
    ctx.result(formatVerdict(results));
    return EXIT.error;
  }

  const events = new ClientEventLog();
  const client = createZohoClient({
    connection,
    credentials,
    concurrency: config.concurrency,
    retry: DOCTOR_RETRY,
    onEvent: (event) => {
      events.record(event);
      if (event.type === 'request') {
        ctx.verbose(
          `  ${event.method} ${event.path} -> ${event.status || event.networkCode} (${event.ms} ms)`,
        );
      } else if (event.type === 'notice') {
        ctx.verbose(`  note: ${event.message}`);
      }
    },
  });
  await runDoctor({
    client,
    connection,
    credentials: credentials.kind,
    events,
    report,
    modules: config.modules,
  });
  ctx.result(formatVerdict(results));
  return passed(results) ? EXIT.ok : EXIT.error;
}
