// What a route handler sees: the parsed request and the emulator's parts it may use.
import type { FaultInjector } from './fault-injector.js';
import type { JobBoard } from './job-board.js';
import type { OrgState } from './org-state.js';
import type { AccessGrant } from './token-store.js';
import type { ZohoAnswer } from './zoho-answers.js';

export interface EmulatorParts {
  /** Replaced whole by a reseed; read it per request. */
  readonly state: OrgState;
  readonly jobs: JobBoard;
  readonly faults: FaultInjector;
  readonly now: () => number;
  /** Something changed that --state should persist. */
  readonly changed: () => void;
}

export interface ApiRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly bodyText: string;
  readonly grant: AccessGrant | undefined;
  /** A scheduled recordLocked fault hit this call: every write entry answers RECORD_LOCKED. */
  readonly lockRecords: boolean;
  readonly parts: EmulatorParts;
}

export type ApiHandler = (request: ApiRequest) => ZohoAnswer | Promise<ZohoAnswer>;
