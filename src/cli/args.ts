import { parseArgs } from 'node:util';
import { TerritorySyncError } from '../errors.js';
import { EMULATOR_PARSE_OPTIONS } from './commands/emulator-flags.js';

type OptionSpec = { type: 'boolean' | 'string'; multiple?: boolean; short?: string };

const GLOBAL_OPTIONS = {
  config: { type: 'string' },
  env: { type: 'string' },
  'no-color': { type: 'boolean' },
  verbose: { type: 'boolean', short: 'v' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Record<string, OptionSpec>;

/** Each command's own flags (DESIGN §3), and how many positional arguments it takes. */
export const COMMANDS = {
  validate: { options: { online: { type: 'boolean' } }, positionals: 'files' },
  plan: {
    options: {
      out: { type: 'string' },
      format: { type: 'string' },
      'detailed-exitcode': { type: 'boolean' },
      'base-ref': { type: 'string' },
    },
    positionals: 'none',
  },
  apply: {
    options: {
      'auto-approve': { type: 'boolean' },
      'allow-mass-removal': { type: 'boolean' },
      'no-wait': { type: 'boolean' },
      report: { type: 'string' },
      resume: { type: 'string' },
      journal: { type: 'string' },
      'expect-plan': { type: 'string' },
    },
    positionals: 'optional-one',
  },
  show: { options: { format: { type: 'string' } }, positionals: 'one' },
  export: {
    options: { module: { type: 'string', multiple: true }, out: { type: 'string' } },
    positionals: 'none',
  },
  doctor: { options: {}, positionals: 'none' },
  emulator: { options: EMULATOR_PARSE_OPTIONS, positionals: 'none' },
  demo: { options: {}, positionals: 'none' },
} as const satisfies Record<
  string,
  { options: Record<string, OptionSpec>; positionals: 'none' | 'files' | 'optional-one' | 'one' }
>;

export type CommandName = keyof typeof COMMANDS;

export interface GlobalFlags {
  readonly config?: string;
  readonly env?: string;
  readonly noColor: boolean;
  readonly verbose: boolean;
  readonly quiet: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'help'; readonly command?: CommandName }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'command';
      readonly command: CommandName;
      readonly global: GlobalFlags;
      readonly flags: Readonly<Record<string, string | boolean | string[] | undefined>>;
      readonly positionals: readonly string[];
    };

function usageError(message: string, hint = 'Run `territory-sync --help` for usage.') {
  return new TerritorySyncError('USAGE', message, { hint });
}

function isCommand(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = argv[1];
    return topic !== undefined && isCommand(topic)
      ? { kind: 'help', command: topic }
      : { kind: 'help' };
  }
  if (first === '--version' || first === '-V') return { kind: 'version' };
  if (!isCommand(first)) {
    const known = Object.keys(COMMANDS).join(', ');
    throw usageError(`Unknown command '${first}'.`, `Commands: ${known}.`);
  }
  const spec = COMMANDS[first];
  let parsed;
  try {
    parsed = parseArgs({
      args: argv.slice(1),
      options: { ...GLOBAL_OPTIONS, ...spec.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw usageError(message, `Run \`territory-sync ${first} --help\` for its options.`);
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (values.help === true) return { kind: 'help', command: first };
  const positionals = parsed.positionals;
  if (spec.positionals === 'none' && positionals.length > 0) {
    throw usageError(`'${first}' takes no arguments (got '${positionals.join(' ')}').`);
  }
  if (spec.positionals === 'one' && positionals.length !== 1) {
    throw usageError(
      `'${first}' takes one argument, the saved plan file (got ${positionals.length}).`,
      `Run \`territory-sync ${first} plan.json\`.`,
    );
  }
  if (spec.positionals === 'optional-one' && positionals.length > 1) {
    throw usageError(`'${first}' takes at most one argument (got ${positionals.length}).`);
  }
  const str = (name: string) => (typeof values[name] === 'string' ? values[name] : undefined);
  return {
    kind: 'command',
    command: first,
    global: {
      config: str('config'),
      env: str('env'),
      noColor: values['no-color'] === true,
      verbose: values.verbose === true,
      quiet: values.quiet === true,
    },
    flags: values,
    positionals,
  };
}
