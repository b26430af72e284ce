// Routes under /__emulator/ for tests and benchmarks: no auth, no credits, no faults.
//   GET  stats | state[?module=M&ids=a,b] | health
//   POST reset (stats) | reseed (body: seed) | faults (body: FaultOptions)
//   POST records/{module}/{id} (body: {territories, locked?, readOnly?, name?}) | tokens/expire
// No auth, so only from this machine's own programs: a loopback Host (a DNS-rebinding page
// sends its own name), no Origin but a loopback one (a cross-site page always sends its own),
// and POSTs as application/json (a page can send text/plain or a form to any site unasked).
import type { IncomingHttpHeaders } from 'node:http';
import { isSeedModule } from './module-catalog.js';
import type { EmulatorCore } from './emulator-core.js';
import type { FaultOptions } from './fault-injector.js';
import { faultOptionProblems } from './fault-validate.js';
import { parseLenientJson } from './http-body.js';
import type { SeedModule, SeedTerritoryRef } from './seed-types.js';
import { fieldTypeProblems, validateSeed } from './seed-validate.js';
import type { ZohoAnswer } from './zoho-answers.js';
import { ID_PATTERN, zohoTime } from './zoho-time.js';

export const ADMIN_PREFIX = '/__emulator/';

const problem = (status: number, message: string): ZohoAnswer => ({
  status,
  body: { error: message },
});

/** 127.0.0.0/8 as four decimal parts, localhost, or [::1]. */
function isLoopbackHostname(hostname: string): boolean {
  const name = hostname.toLowerCase();
  if (name === 'localhost' || name === '[::1]') return true;
  const parts = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(name);
  return parts !== null && parts.slice(1).every((part) => Number(part) <= 255);
}

/** `host[:port]` as a Host header carries it, the host a loopback one. */
function isLoopbackHost(header: string): boolean {
  const parts = /^(\[[^\]]*\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(header.trim());
  if (parts === null || Number(parts[2] ?? 0) > 65_535) return false;
  return isLoopbackHostname(parts[1] ?? '');
}

/** An Origin of a page served from this machine (http or https, any port). */
function isLoopbackOrigin(header: string): boolean {
  let url: URL;
  try {
    url = new URL(header.trim());
  } catch {
    return false; // "null" (a sandboxed page, a file), or several origins joined
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHostname(url.hostname)
  );
}

/** A header's value as quoted in an answer: JSON-escaped, at most 100 characters. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 100 ? `${value.slice(0, 100)}...` : value);
}

/**
 * Why an admin request is refused before its body is read, or undefined: a Host other than
 * loopback, an Origin other than loopback, or a POST (any method but GET and HEAD) that is not
 * application/json. Checked for every admin route, the unknown ones too.
 */
export function adminRequestRefusal(
  method: string,
  headers: IncomingHttpHeaders,
): ZohoAnswer | undefined {
  const host = headers.host;
  if (host === undefined || !isLoopbackHost(host)) {
    return problem(
      403,
      `admin routes answer only requests addressed to this machine: the Host must be 127.0.0.1 ` +
        `(or 127.x.x.x), localhost or [::1], with any port, not ${host === undefined ? 'missing' : quoted(host)}. ` +
        'Call them as http://127.0.0.1:PORT/__emulator/...',
    );
  }
  const origin = headers.origin;
  if (origin !== undefined && !isLoopbackOrigin(origin)) {
    return problem(
      403,
      `admin routes refuse requests from web pages: Origin ${quoted(origin)} is not ` +
        'http(s)://127.0.0.1, localhost or [::1]. Call them from a program (curl, fetch in Node), ' +
        'which sends no Origin.',
    );
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const type = headers['content-type'];
    const media = type?.split(';')[0]?.trim().toLowerCase();
    if (media !== 'application/json') {
      return problem(
        415,
        `admin ${method} routes take Content-Type: application/json, not ${type === undefined ? 'none' : quoted(type)} ` +
          '(a web page can send text/plain or a form to any site without asking). Send the header, ' +
          'with an empty or JSON body.',
      );
    }
  }
  return undefined;
}

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
/** The `fields` of a record edit, checked as a seed's are; a string says what is wrong. */
function fieldEdits(
  module: SeedModule,
  id: string,
  value: unknown,
): Record<string, string | number | boolean | null> | string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'fields must be an object of field names and values';
  }
  const fields: Record<string, string | number | boolean | null> = {};
  for (const [name, field] of Object.entries(value)) {
    if (!/^[A-Za-z][A-Za-z0-9_]{0,99}$/.test(name) || ['id', 'Territories'].includes(name)) {
      return `field name ${JSON.stringify(name)} cannot be edited`;
    }
    if (field !== null && !['string', 'number', 'boolean'].includes(typeof field)) {
      return `field ${name} must be a string, a number, true, false or null`;
    }
    Object.defineProperty(fields, name, { value: field, enumerable: true, writable: true });
  }
  const problems = fieldTypeProblems(module, { id, name: id, fields });
  return problems.length > 0 ? problems.join('; ') : fields;
}

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
    fields?: unknown;
  };
  const fields = fieldEdits(module, id, input.fields);
  if (typeof fields === 'string') return problem(400, fields);
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
  // "Someone edited the record in the CRM": the fields given replace those of the same name.
  if (fields !== undefined) record.fields = { ...record.fields, ...fields };
  record.modifiedTime = zohoTime(now);
  core.changed();
  return { status: 200, body: core.snapshot({ module, ids: new Set([id]) }).records[module][0] };
}
