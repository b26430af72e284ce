// Routes under /__emulator/ for tests and benchmarks: no auth, no credits, no faults.
//   GET  stats | state[?module=M&ids=a,b] | health
//   POST reset (stats) | reseed (body: seed) | faults (body: FaultOptions)
//   POST records/{module}/{id} (body: {territories, locked?, readOnly?, name?}) | tokens/expire
import { isSeedModule } from './module-catalog.js';
import type { EmulatorCore } from './emulator-core.js';
import { faultOptionProblems, type FaultOptions } from './fault-injector.js';
import { parseLenientJson } from './http-body.js';
import type { SeedTerritoryRef } from './seed-types.js';
import { validateSeed } from './seed-validate.js';
import type { ZohoAnswer } from './zoho-answers.js';
import { ID_PATTERN, zohoTime } from './zoho-time.js';

export const ADMIN_PREFIX = '/__emulator/';

const problem = (status: number, message: string): ZohoAnswer => ({
  status,
  body: { error: message },
});

function jsonBody(text: string): { ok: true; value: unknown } | { ok: false; answer: ZohoAnswer } {
  const parsed = parseLenientJson(text === '' ? '{}' : text);
  return parsed.ok ? parsed : { ok: false, answer: problem(400, 'body is not valid JSON') };
}

export function handleAdmin(
  core: EmulatorCore,
  method: string,
  pathname: string,
  query: URLSearchParams,
  bodyText: string,
): ZohoAnswer {
  const route = pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, '');
  const key = `${method} ${route}`;
  if (key === 'GET health') return { status: 200, body: { ok: true } };
  if (key === 'GET stats') return { status: 200, body: core.stats() };
  if (key === 'GET state') {
    const module = query.get('module') ?? undefined;
    if (module !== undefined && !isSeedModule(module))
      return problem(400, `unknown module ${module}`);
    const ids = query.get('ids');
    return {
      status: 200,
      body: core.snapshot({
        ...(module ? { module } : {}),
        ...(ids ? { ids: new Set(ids.split(',').map((s) => s.trim())) } : {}),
      }),
    };
  }
  if (key === 'POST reset') {
    core.resetStats();
    return { status: 200, body: core.stats() };
  }
  if (key === 'POST tokens/expire') {
    core.tokens.expire();
    return { status: 200, body: { ok: true } };
  }
  if (key === 'POST reseed') {
    const body = jsonBody(bodyText);
    if (!body.ok) return body.answer;
    try {
      core.reseed(validateSeed(body.value, 'the reseed body'));
    } catch (error) {
      return problem(400, (error as Error).message);
    }
    return { status: 200, body: { ok: true } };
  }
  if (key === 'POST faults') {
    const body = jsonBody(bodyText);
    if (!body.ok) return body.answer;
    const problems = faultOptionProblems(body.value);
    if (problems.length > 0) return problem(400, problems.join('; '));
    core.setFaults(body.value as FaultOptions);
    return { status: 200, body: core.faults.current };
  }
  const record = /^records\/([^/]+)\/([^/]+)$/.exec(route);
  if (record && method === 'POST') {
    return setRecord(core, record[1] ?? '', record[2] ?? '', bodyText);
  }
  return problem(404, `no admin route ${method} ${pathname}`);
}

/** "Someone changed it in the CRM": sets a record's territories (and flags) directly. */
function setRecord(core: EmulatorCore, module: string, id: string, bodyText: string): ZohoAnswer {
  if (!isSeedModule(module)) return problem(400, `unknown module ${module}`);
  if (!ID_PATTERN.test(id)) return problem(400, `record id ${id} is not a Zoho id`);
  const body = jsonBody(bodyText);
  if (!body.ok) return body.answer;
  const input = body.value as {
    territories?: unknown;
    locked?: unknown;
    readOnly?: unknown;
    name?: unknown;
  };
  const { state } = core;
  const refs = input.territories;
  if (refs !== undefined && !Array.isArray(refs)) return problem(400, 'territories must be a list');
  const now = core.now();
  const assignments = [];
  for (const ref of (refs ?? []) as SeedTerritoryRef[]) {
    const territoryId = typeof ref === 'string' ? ref : ref?.id;
    if (typeof territoryId !== 'string' || !state.territories.has(territoryId)) {
      return problem(400, `unknown territory ${String(territoryId)}`);
    }
    const assigned = typeof ref === 'string' ? 'manually' : (ref.assigned ?? 'manually');
    if (assigned !== 'manually' && assigned !== 'automatically') {
      return problem(400, `assigned must be manually or automatically`);
    }
    assignments.push({ territoryId, assigned, assignedTime: zohoTime(now) });
  }
  const existing = state.record(module, id);
  const other = state.moduleOf.get(id);
  if (!existing && other) return problem(400, `record ${id} already exists in ${other}`);
  const record =
    existing ??
    state.createRecord(
      module,
      { id, name: typeof input.name === 'string' ? input.name : `${module} ${id}` },
      now,
    );
  if (refs !== undefined) record.territories = assignments;
  if (typeof input.locked === 'boolean') record.locked = input.locked;
  if (typeof input.readOnly === 'boolean') record.readOnly = input.readOnly;
  record.modifiedTime = zohoTime(now);
  core.changed();
  return { status: 200, body: core.snapshot({ module, ids: new Set([id]) }).records[module][0] };
}
