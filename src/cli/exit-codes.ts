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

export function exitCodeFor(code: ErrorCode): ExitCode {
  switch (code) {
    case 'SAFETY_GUARD':
      return EXIT.refusedBySafetyGuard;
    case 'PARTIAL_APPLY':
      return EXIT.partialApply;
    default:
      return EXIT.error;
  }
}
