// Composition for plan and apply: config -> desired -> CRM state -> one Plan value.
import { credentialsFromEnv } from '../config/credentials.js';
import { loadConfig } from '../config/load-config.js';
import type { ResolvedConfig } from '../config/config-types.js';
import { readCurrent } from '../apply/read-current.js';
import { signPlanHash } from '../core/plan-signature.js';
import { describeTarget } from '../core/plan-target.js';
import { startPlan } from '../core/build-plan.js';
import type { PlanBuilder, PlanResult } from '../core/build-plan.js';
import type { Catalogue, CurrentRecord, DesiredState, ModuleName, Plan } from '../core/model.js';
import { TerritorySyncError } from '../errors.js';
import { formatDiagnostics } from '../render/diagnostics.js';
import type { PlanContext } from '../render/view-model/plan-context.js';
import { createZohoClient } from '../zoho/index.js';
import type { ClientEvent, ZohoClient } from '../zoho/index.js';
import type { ZohoConnection } from '../zoho/data-centres.js';
import type { PlanTarget } from '../core/model.js';
import { planKeyFromEnv } from './plan-key.js';
import { packageVersion } from '../version.js';
import type { CommandContext } from './context.js';
import { resolveConnection } from './connection.js';
import { loadDesiredOrThrow } from './load-desired.js';
import { annotateDiagnostics } from './github-actions.js';
import { selectorReadKeys } from '../core/selector-plan.js';
import { checkLedgerOrg, ledgerLocation, readSelection } from './selection.js';
import { startEarlyReads } from './early-reads.js';
import { keyOf } from '../core/record-key.js';
import type { LedgerLocation, ReadSelection } from './selection.js';

export interface Session {
  readonly config: ResolvedConfig;
  readonly client: ZohoClient;
  /** How output names the org: environment and API domain. */
  readonly target: string;
  readonly connection: ZohoConnection;
  /** TERRITORY_SYNC_PLAN_KEY, when set: plans are signed and saved plans must be. */
  readonly planKey?: string;
}

function describeEvent(event: ClientEvent): string {
  switch (event.type) {
    case 'request':
      return `  ${event.method} ${event.path} -> ${event.status || event.networkCode || 'no answer'} (${event.ms} ms${event.attempt > 1 ? `, attempt ${event.attempt}` : ''})`;
    case 'retry':
      return `  retrying ${event.method} ${event.path} in ${event.delayMs} ms (${event.reason})`;
    case 'concurrency':
      return event.reason === 'throttled'
        ? `  Zoho answered 429: now ${event.limit} call(s) at once (of ${event.ceiling})`
        : `  back to ${event.limit} call(s) at once (of ${event.ceiling})`;
    case 'token':
      return `  access token from ${event.accountsUrl}: ${event.ok ? 'ok' : 'refused'} (${event.ms} ms)`;
    case 'notice':
      return `  note: ${event.message}`;
  }
}

/** Config, credentials and a client: everything needed to talk to one org. */
export async function openSession(
  ctx: CommandContext,
  options: { config?: string; env?: string },
): Promise<Session> {
  const config = await loadConfig({
    cwd: ctx.io.cwd,
    env: ctx.io.env,
    configFile: options.config,
    environment: options.env,
  });
  const credentials = credentialsFromEnv(ctx.io.env);
  const connection = resolveConnection(config.connection, ctx.io.env);
  const client = createZohoClient({
    connection,
    credentials,
    concurrency: config.concurrency,
    requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    // Described only when shown: a large plan makes thousands of calls.
    onEvent: (event) => {
      if (ctx.global.verbose) ctx.verbose(describeEvent(event));
    },
  });
  const target = config.environment
    ? `${config.environment} (${connection.label})`
    : connection.label;
  const planKey = planKeyFromEnv(ctx.io.env);
  return { config, client, target, connection, ...(planKey === undefined ? {} : { planKey }) };
}

/** The org this session talks to, as a plan records it: one GET /crm/v7/org. */
export async function readTarget(session: Session): Promise<PlanTarget> {
  const org = await session.client.readOrg();
  return {
    apiDomain: org.apiDomain,
    accountsUrl: session.connection.accountsUrl,
    orgId: org.id,
    ...(org.name === undefined ? {} : { orgName: org.name }),
  };
}

/**
 * The catalogue and the listed records, diffed as they arrive: each answer's records are
 * compared while the other calls are still out, so little is left to do after the last one.
 */
async function readAndDiff(
  session: Session,
  catalogueAndTarget: Promise<readonly [Catalogue, PlanTarget]>,
  start: (catalogue: Catalogue, target: PlanTarget) => PlanBuilder,
  records: readonly { module: ModuleName; id: string }[],
  /** Records read before (a selector's matches, page by page): examined like the rest. */
  prefetched: Promise<readonly CurrentRecord[]> = Promise.resolve([]),
): Promise<{ readonly result: PlanResult; readonly catalogue: Catalogue }> {
  const client = session.client;
  let builder: PlanBuilder | undefined;
  // Answers that arrive before the catalogue wait for it (names resolve against it).
  const early: (readonly CurrentRecord[])[] = [];
  const started = catalogueAndTarget.then(([catalogue, target]) => {
    builder = start(catalogue, target);
    for (const batch of early.splice(0)) builder.examine(batch);
    return { builder, catalogue };
  });
  const hand = (batch: readonly CurrentRecord[]) => {
    if (builder === undefined) early.push(batch);
    else builder.examine(batch);
  };
  const read = readCurrent(client, records, hand);
  const [ready] = await Promise.all([started, read, prefetched.then(hand)]);
  return { result: ready.builder.finish(), catalogue: ready.catalogue };
}

export interface PlannedSession extends Session {
  readonly desired: DesiredState;
  readonly plan: Plan;
  readonly context: PlanContext;
  /** The whole catalogue this run read: what the config's owners keys resolve against. */
  readonly catalogue: Catalogue;
  /** Where the selectors' ledger is, and the ledger the plan was made from (none: undefined). */
  readonly ledger: LedgerLocation;
  readonly selection?: ReadSelection;
}

export async function planSession(
  ctx: CommandContext,
  options: { config?: string; env?: string; files?: readonly string[] },
): Promise<PlannedSession> {
  const session = await openSession(ctx, options);
  // Files named on the command line replace the config's "desired" setting, as for validate.
  const { state: desired, warnings } = await loadDesiredOrThrow(
    ctx,
    { files: options.files ?? [], config: undefined, env: undefined },
    session.config,
  );
  if (warnings.length > 0) ctx.warn(formatDiagnostics(warnings, { color: ctx.color }));
  annotateDiagnostics(ctx, warnings);
  const ledger = ledgerLocation(session.config.ledgerFile, ctx.io.cwd);
  // The org (for the plan's target) beside the catalogue: one more call, no more waiting; both
  // read while the selectors' matches are (a failure surfaces where they are awaited).
  const catalogueAndTarget = Promise.all([session.client.readCatalogue(), readTarget(session)]);
  catalogueAndTarget.catch(() => undefined);
  // Selectors' matches and the ledger decide which records are read, so they come first; the
  // records of each page of matches are read as it arrives (early-reads.ts).
  const early =
    (desired.selectors?.length ?? 0) > 0 ? startEarlyReads(session.client, desired) : undefined;
  const selection = await readSelection(session.client, desired, ledger, early?.onMatches);
  const records =
    selection === undefined
      ? desired.records
      : [
          ...desired.records,
          ...selectorReadKeys(desired, selection.input).filter(
            (key) => early?.sent.has(keyOf(key)) !== true,
          ),
        ];
  ctx.verbose(
    `Reading ${records.length} records and the territory catalogue from ${session.target}`,
  );
  const planOptions = { batchSize: session.config.batchSize, safety: session.config.safety };
  const { result, catalogue } = await readAndDiff(
    session,
    catalogueAndTarget,
    (catalogue, target) => {
      checkLedgerOrg(selection, target, ledger);
      return startPlan({
        desired,
        catalogue,
        options: { ...planOptions, target },
        ...(selection === undefined ? {} : { selection: selection.input }),
      });
    },
    records,
    early?.records(),
  );
  if (!result.ok) {
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    throw new TerritorySyncError(
      'INVALID_INPUT',
      `${errors} ${errors === 1 ? 'problem' : 'problems'} found while comparing with the CRM; nothing was sent to Zoho.`,
      { diagnostics: result.diagnostics, hint: 'Fix the problems above and run plan again.' },
    );
  }
  const plan =
    session.planKey === undefined
      ? result.plan
      : { ...result.plan, signature: signPlanHash(result.plan.planHash, session.planKey) };
  const stats = session.client.stats();
  const cost = plan.cost;
  const context: PlanContext = {
    target: describeTarget(plan.target, session.config.environment),
    api: {
      readsDone: stats.calls,
      writesNeeded: cost.writes,
      creditsNeeded: cost.total,
      ...(stats.creditsRemaining === undefined ? {} : { creditsRemaining: stats.creditsRemaining }),
    },
    generatedBy: `territory-sync ${packageVersion()}`,
  };
  return {
    ...session,
    desired,
    plan,
    context,
    catalogue,
    ledger,
    ...(selection === undefined ? {} : { selection }),
  };
}
