// Why a config file could not be loaded, in one located line: which file, where in it when that
// is known (a JSON or YAML syntax error, the line of a JavaScript config that threw), and what.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigSyntaxError } from './config-loaders.js';

export interface LoadFailure {
  /** `file:line:col`, or the file alone. */
  readonly where: string;
  readonly reason: string;
  readonly hint: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The line (and column) of `file` in a JavaScript error's stack, when it ran that far. */
function placeInStack(stack: string, file: string): string {
  const names = [pathToFileURL(file).href, file].map(escapeRegExp).join('|');
  const found = new RegExp(`(?:${names}):(\\d+)(?::(\\d+))?`).exec(stack);
  if (found === null) return '';
  return found[2] === undefined ? `:${found[1]}` : `:${found[1]}:${found[2]}`;
}

function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? text).trim();
}

/** `shown` is the file as the user knows it; `absolute` is where it is. */
export function describeLoadFailure(shown: string, absolute: string, cause: unknown): LoadFailure {
  if (cause instanceof ConfigSyntaxError) {
    const place = cause.line === undefined ? '' : `:${cause.line}:${cause.column ?? 1}`;
    return {
      where: `${shown}${place}`,
      reason: cause.message,
      hint: 'Fix the file there, or run with --config pointing at another file.',
    };
  }
  if (cause instanceof Error) {
    // A JavaScript config: its own error, and the line that threw when the stack shows it.
    const syntax = cause instanceof SyntaxError ? 'JavaScript syntax error: ' : '';
    return {
      where: `${shown}${placeInStack(cause.stack ?? '', absolute)}`,
      reason: `${syntax}${firstLine(cause.message)}`,
      hint: 'The config file failed while loading: fix it, or use territory-sync.config.yaml instead.',
    };
  }
  return {
    where: shown,
    reason: String(cause),
    hint: 'The config file failed while loading: fix it, or use territory-sync.config.yaml instead.',
  };
}

/** How a config file is named in messages: relative to the working folder. */
export function shownPath(cwd: string, absolute: string): string {
  return path.relative(cwd, absolute) || absolute;
}
