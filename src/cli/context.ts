import { StringDecoder } from 'node:string_decoder';
import type { Writable } from 'node:stream';
import { shouldUseColor } from '../render/color.js';
import { createInertLog } from '../render/github/index.js';
import type { InertLog, WorkflowCommandLine } from '../render/github/index.js';
import type { GlobalFlags } from './args.js';
import type { Io } from './io.js';

/** What every command gets: the outside world, the global flags, and how to talk. */
export interface CommandContext {
  /**
   * Under GitHub Actions, stdout and stderr here are guarded: whatever is written through them
   * (info, result, warn, verbose, error reports, an export's YAML, a prompt) is made inert, so
   * no CRM name, Zoho message or file name can start a workflow command. `command` is the one
   * way around the guard.
   */
  readonly io: Io;
  readonly global: GlobalFlags;
  readonly color: boolean;
  readonly inGitHubActions: boolean;
  /** Normal output (suppressed by --quiet). */
  info(text: string): void;
  /** The result a script reads: always printed. */
  result(text: string): void;
  /** Only with --verbose, on stderr so stdout stays machine-readable. */
  verbose(text: string): void;
  warn(text: string): void;
  /**
   * One of the tool's own workflow commands (an annotation or a notice from workflowCommand), on
   * a line of its own on stderr, under GitHub Actions only. The only output allowed to start a
   * line with `::`.
   */
  command(line: WorkflowCommandLine): void;
}

function line(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}

type Stream = Io['stdout'];

/** A stream whose writes pass through an InertLog, and the way past it for our own commands. */
interface GuardedStream {
  readonly stream: Stream;
  writeCommand(line: WorkflowCommandLine): void;
}

// One guard per real stream, whoever creates a context for it (demo builds a second one over
// the first one's io): a guard's state is where the stream is within its current line.
const guards = new WeakMap<object, GuardedStream>();
const guardedToRaw = new WeakMap<object, Stream>();

type WriteCallback = (error?: Error | null) => void;

function guard(stream: Stream): GuardedStream {
  const raw = guardedToRaw.get(stream) ?? stream;
  const known = guards.get(raw);
  if (known !== undefined) return known;

  const log: InertLog = createInertLog();
  const decoder = new StringDecoder('utf8');
  const asText = (chunk: unknown, encoding: unknown): string => {
    if (typeof chunk === 'string') {
      if (typeof encoding !== 'string' || /^utf-?8$/i.test(encoding)) return chunk;
      return decoder.write(Buffer.from(chunk, encoding as BufferEncoding));
    }
    if (chunk instanceof Uint8Array) return decoder.write(Buffer.from(chunk));
    return String(chunk);
  };
  const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
    const done = (typeof encoding === 'function' ? encoding : callback) as
      WriteCallback | undefined;
    return raw.write(log.inert(asText(chunk, encoding)), 'utf8', done);
  };
  const end = (chunk?: unknown, encoding?: unknown, callback?: unknown): Writable => {
    const done = [chunk, encoding, callback].find((x) => typeof x === 'function') as
      (() => void) | undefined;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      write(chunk, typeof encoding === 'string' ? encoding : undefined);
    }
    const rest = log.inert(decoder.end());
    if (rest !== '') raw.write(rest);
    return done === undefined ? raw.end() : raw.end(done);
  };

  const bound = new Map<PropertyKey, unknown>();
  const proxy = new Proxy(raw, {
    get(target, property) {
      if (property === 'write') return write;
      if (property === 'end') return end;
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      // Methods run on the real stream (listeners, cork, isTTY-dependent helpers).
      let fn = bound.get(property);
      if (fn === undefined) {
        fn = (value as (...args: unknown[]) => unknown).bind(target);
        bound.set(property, fn);
      }
      return fn;
    },
  });
  const guarded: GuardedStream = {
    stream: proxy,
    writeCommand: (command) => {
      raw.write(log.command(command));
    },
  };
  guards.set(raw, guarded);
  guardedToRaw.set(proxy, raw);
  return guarded;
}

export function createContext(io: Io, global: GlobalFlags): CommandContext {
  const color = shouldUseColor({
    isTTY: io.stdout.isTTY === true,
    env: io.env,
    noColorFlag: global.noColor,
  });
  const inGitHubActions = io.env.GITHUB_ACTIONS === 'true';
  // GitHub reads workflow commands on stdout and stderr alike: both are guarded.
  const stdout = inGitHubActions ? guard(io.stdout) : undefined;
  const stderr = inGitHubActions ? guard(io.stderr) : undefined;
  const out: Io =
    stdout === undefined || stderr === undefined
      ? io
      : { ...io, stdout: stdout.stream, stderr: stderr.stream };
  return {
    io: out,
    global,
    color,
    inGitHubActions,
    info: (text) => {
      if (!global.quiet) out.stdout.write(line(text));
    },
    result: (text) => out.stdout.write(line(text)),
    verbose: (text) => {
      if (global.verbose) out.stderr.write(line(text));
    },
    warn: (text) => out.stderr.write(line(text)),
    command: (command) => stderr?.writeCommand(command),
  };
}
