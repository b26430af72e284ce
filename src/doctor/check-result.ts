// One line of `territory-sync doctor`: what was checked and what came of it.

/** ok and fail decide the exit code; skip (could not be checked) and info never fail a run. */
export type CheckStatus = 'ok' | 'fail' | 'skip' | 'info';

export interface CheckResult {
  readonly status: CheckStatus;
  /** Stable, short: "credentials", "Accounts: job status (A5)". */
  readonly name: string;
  /** ok: what was seen; fail: what to do; skip: why it was not checked. */
  readonly detail: string;
}

export function passed(results: readonly CheckResult[]): boolean {
  return results.every((result) => result.status !== 'fail');
}
