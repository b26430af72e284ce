// Start-up loads the parser, the help and the error reporting, and no command: each command's
// code is imported when it runs (run.ts). Checked on the static import graph from main.ts, so a
// new static import of a command, the emulator or a heavy package fails here, not in a timing.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/run-cli.js';

/** Value imports and re-exports (`import type` / `export type` are erased, so not followed). */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(
    /^(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm,
  )) {
    found.push(match[1] as string);
  }
  return found;
}

/** Every file and package main.ts loads before it runs a command, relative to src/. */
function loadedAtStartUp(): Set<string> {
  const src = path.join(REPO_ROOT, 'src');
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const key = path.relative(src, file);
    if (seen.has(key)) return;
    seen.add(key);
    for (const specifier of staticImports(file)) {
      if (!specifier.startsWith('.')) {
        seen.add(`package:${specifier}`);
        continue;
      }
      visit(path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(path.join(src, 'cli/main.ts'));
  return seen;
}

describe('start-up (--version, --help, a usage error)', () => {
  const loaded = [...loadedAtStartUp()];

  it('follows the imports it should (the walk itself works)', () => {
    expect(loaded).toEqual(
      expect.arrayContaining(['cli/run.ts', 'cli/args.ts', 'cli/help.ts', 'cli/emulator-flags.ts']),
    );
  });

  it('loads no command, no emulator, no HTTP client and no third-party package', () => {
    expect(loaded.filter((f) => f.startsWith('cli/commands/'))).toEqual([]);
    expect(loaded.filter((f) => /^(emulator|zoho|desired|config|apply|git)\//.test(f))).toEqual([]);
    expect(
      loaded.filter((f) => f.startsWith('package:') && !f.startsWith('package:node:')),
    ).toEqual([]);
  });
});
