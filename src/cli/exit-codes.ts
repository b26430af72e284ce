import type { ErrorCode } from '../errors.js';

/** docs/SEMANTICS.md §1: the exit codes scripts and CI rely on. */
export const EXIT = {
  ok: 0,
  error: 1,
  changesPresent: 2,
  refusedBySafetyGuard: 3,
  partialApply: 4,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * The exit code of an error. A partial apply (4) is no error: `apply` reads it from its report
 * (src/cli/commands/apply.ts), so no error code maps to it.
 */
export function exitCodeFor(code: ErrorCode): ExitCode {
  return code === 'SAFETY_GUARD' ? EXIT.refusedBySafetyGuard : EXIT.error;
}
