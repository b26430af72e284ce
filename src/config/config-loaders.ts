// How each kind of config file becomes a value. cosmiconfig's own loaders lose the place of a
// syntax error, expand YAML alias bombs, follow `$import` to any file, and load an ES module
// twice (import, then require) so that a module that fails reports Node's internals instead of
// its own error. These keep what went wrong and where. The JavaScript and TypeScript loaders run
// the file's code: config-file.ts calls them only when TERRITORY_SYNC_ALLOW_JS_CONFIG=1.
import { pathToFileURL } from 'node:url';
import { defaultLoaders } from 'cosmiconfig';
import type { Loaders } from 'cosmiconfig';
import { LineCounter, parseDocument } from 'yaml';
import { lineAndColumn } from '../core/text-position.js';

/** A config file is a few settings; this is a hostile or mistaken file, refused unparsed. */
export const MAX_CONFIG_CHARS = 32 * 1024;
/** YAML aliases a config may expand: it needs none, so a few is plenty. */
const MAX_CONFIG_ALIASES = 20;

/** A config file that could not be read as its format, with the place of the problem. */
export class ConfigSyntaxError extends Error {
  override readonly name = 'ConfigSyntaxError';
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

function checkSize(content: string): void {
  if (content.length > MAX_CONFIG_CHARS) {
    throw new ConfigSyntaxError(
      `it is ${content.length.toLocaleString('en-US')} characters long; a config file is at most ${MAX_CONFIG_CHARS.toLocaleString('en-US')}`,
    );
  }
}

/** cosmiconfig would merge in every file `$import` names: a config is one file here. */
export function refuseImports(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && Object.hasOwn(value, '$import')) {
    throw new ConfigSyntaxError('`$import` is not supported: the configuration is one file');
  }
  return value;
}

function loadJson(_filepath: string, content: string): unknown {
  checkSize(content);
  try {
    return refuseImports(JSON.parse(content) as unknown);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    // V8 says where: "... in JSON at position 22" (newer versions add the line and column).
    const reason = error.message.replace(/\s*\(line \d+ column \d+\)$/, '');
    const position = /at position (\d+)/.exec(reason);
    if (position === null) throw new ConfigSyntaxError(`invalid JSON: ${reason}`);
    const { line, column } = lineAndColumn(content, Number(position[1]));
    throw new ConfigSyntaxError(
      `invalid JSON: ${reason.replace(/ in JSON at position \d+.*$/, '')}`,
      line,
      column,
    );
  }
}

function loadYaml(_filepath: string, content: string): unknown {
  checkSize(content);
  const lines = new LineCounter();
  const doc = parseDocument(content, { lineCounter: lines, prettyErrors: false });
  const [first] = doc.errors;
  if (first !== undefined) {
    const { line, col } = lines.linePos(first.pos[0]);
    throw new ConfigSyntaxError(`invalid YAML: ${first.message.split('\n')[0] ?? ''}`, line, col);
  }
  try {
    return refuseImports(doc.toJS({ maxAliasCount: MAX_CONFIG_ALIASES }) as unknown);
  } catch (error) {
    if (error instanceof ConfigSyntaxError) throw error;
    // An alias to nothing, or an alias bomb ("Excessive alias count ..."), fails only here.
    throw new ConfigSyntaxError(
      `invalid YAML aliases (*name): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** One import, so the module's own error (with its stack) is what the user sees. */
async function loadModule(filepath: string): Promise<unknown> {
  let loaded: { default?: unknown };
  try {
    loaded = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
  } catch (error) {
    // `throw null` or `throw 'text'` carries no message of its own, and nowhere to hang one.
    if (error instanceof Error) throw error;
    throw new ConfigSyntaxError(
      `it threw ${typeof error === 'string' ? `'${error}'` : String(error)}`,
    );
  }
  return refuseImports(loaded.default);
}

export const CONFIG_LOADERS: Loaders = {
  '.json': loadJson,
  '.yaml': loadYaml,
  '.yml': loadYaml,
  noExt: loadYaml,
  '.js': loadModule,
  '.mjs': loadModule,
  '.cjs': loadModule,
  // Transpiled with the project's `typescript` (a dev dependency where it is used), then imported.
  '.ts': async (filepath, content) => refuseImports(await defaultLoaders['.ts'](filepath, content)),
};
