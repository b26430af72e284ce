// Doctor's output: `✔ name — detail` at a terminal, `[ok] name - detail` in logs and pipes,
// where the marks may not survive the encoding and a grep for "[fail]" is handy.
import { paint } from '../render/ansi.js';
import { oneLine } from '../render/sanitize.js';
import { plural } from '../render/words.js';
import type { CheckResult, CheckStatus } from './check-result.js';

export interface CheckFormat {
  /** Unicode marks (a terminal) or ASCII tags. */
  readonly unicode: boolean;
  readonly color: boolean;
}

const MARKS: Readonly<Record<CheckStatus, { unicode: string; ascii: string }>> = {
  ok: { unicode: '✔', ascii: '[ok]' },
  fail: { unicode: '✘', ascii: '[fail]' },
  skip: { unicode: '–', ascii: '[skip]' },
  info: { unicode: '·', ascii: '[info]' },
};

export function formatCheck(result: CheckResult, format: CheckFormat): string {
  const p = paint(format.color);
  const mark = MARKS[result.status][format.unicode ? 'unicode' : 'ascii'];
  const coloured =
    result.status === 'ok'
      ? p.green(mark)
      : result.status === 'fail'
        ? p.red(mark)
        : p.yellow(mark);
  const dash = format.unicode ? '—' : '-';
  // Details quote CRM and server text: keep each check on its one line.
  return `${coloured} ${result.name} ${dash} ${oneLine(result.detail)}`;
}

export function formatVerdict(results: readonly CheckResult[]): string {
  const counted = results.filter((r) => r.status === 'ok' || r.status === 'fail');
  const failed = counted.filter((r) => r.status === 'fail').length;
  const skipped = results.filter((r) => r.status === 'skip').length;
  const notChecked = skipped === 0 ? '' : ` (${plural(skipped, 'check')} could not run)`;
  if (failed === 0) {
    return `All ${plural(counted.length, 'check')} passed${notChecked}. Nothing was written to the CRM.`;
  }
  return (
    `${failed} of ${plural(counted.length, 'check')} failed${notChecked}. Fix them from the top: ` +
    'later checks often fail because of an earlier one. Nothing was written to the CRM.'
  );
}
