// The tool's own defaults, each written once: the config's DEFAULTS, the executor's options,
// the core's safety guard and the Zoho client all read them from here (constants is the one
// module every layer may import). Zoho's limits stay in ./zoho.ts; the defaults that follow
// from them are derived, not retyped.
import { EDITION_CONCURRENCY, MAX_RECORDS_PER_WRITE } from './zoho.js';

/** Records per assign/remove call: Zoho's maximum. */
export const DEFAULT_BATCH_SIZE = MAX_RECORDS_PER_WRITE;
/** Simultaneous API calls: the lowest edition's limit. */
export const DEFAULT_CONCURRENCY = EDITION_CONCURRENCY.free;
/** How long apply waits for Zoho's territory jobs. */
export const DEFAULT_JOB_TIMEOUT_SECONDS = 600;
/** Per HTTP exchange with Zoho. */
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
/** The mass-removal guard (docs/SEMANTICS.md §2): removals always allowed, and the share. */
export const DEFAULT_SAFETY = { absolute: 50, ratio: 0.3 } as const;
/** Resends of one record (RECORD_LOCKED, ALREADY_SCHEDULED ...) and the pause before them. */
export const DEFAULT_RECORD_RETRIES = { attempts: 4, delaySeconds: 2 } as const;
/** Apply journals kept in .territory-sync/. */
export const DEFAULT_JOURNALS_KEPT = 20;
/** Job polling: the first interval, doubling up to the cap. */
export const DEFAULT_POLL_INTERVAL_MS = 300;
export const DEFAULT_MAX_POLL_INTERVAL_MS = 5_000;
/** After an interruption, how long the jobs of calls already sent are still waited for. */
export const DEFAULT_INTERRUPT_GRACE_MS = 15_000;
/**
 * The selectors' ledger file (docs/SELECTORS.md §4): about 150 bytes a record, so some 400,000
 * records; a file far beyond that was not written by territory-sync.
 */
export const MAX_LEDGER_FILE_BYTES = 64 * 1024 * 1024;
/** The ledger file when the config names none; `<stem>.<environment>.json` for an environment. */
export const DEFAULT_LEDGER_FILE = '.territory-sync/ledger.json';
