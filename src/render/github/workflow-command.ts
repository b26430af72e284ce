// GitHub Actions reads workflow commands ("::error file=a.yaml,line=3::text") from a step's
// output, one per line. Anything we print there may quote CRM names or YAML the user wrote, so
// every value is escaped exactly as GitHub's own toolkit (@actions/core) does: a newline in a
// record name must not end the command and start another one of its own. On top of that, other
// control and bidi characters are shown as `\uXXXX`, as on the terminal: an annotation is read
// by a reviewer, and an ESC or a right-to-left override must not change what they see.
import { escapeInvisible } from '../../core/escape-invisible.js';

/** The message part (after the second `::`): only %, CR and LF are special. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (file=, title=, ...): also ':' and ',' which separate properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Invisible characters written as `\uXXXX`, except CR and LF: those have escapes GitHub turns
 * back into line breaks, so a multi-line message still reads as one. The `[` of `##[` too: the
 * runner reads that older command syntax anywhere in a line, even inside one of ours.
 */
export function visibleText(value: string): string {
  return value.replace(/[^\r\n]+/g, (run) => escapeInvisible(run)).replace(/##\[/g, '##\\u005b');
}

export type WorkflowCommandName = 'error' | 'warning' | 'notice';

declare const workflowCommandLine: unique symbol;

/**
 * A line workflowCommand built: the only text the CLI lets start a line with `::` under GitHub
 * Actions (CommandContext.command). Everything else it prints is made inert (inert-log.ts).
 */
export type WorkflowCommandLine = string & { readonly [workflowCommandLine]: true };

/** Property values; undefined ones are left out, in the order given. */
export type CommandProperties = Readonly<Record<string, string | number | undefined>>;

/** "::name key=value,key=value::message", with every part escaped. */
export function workflowCommand(
  name: WorkflowCommandName,
  properties: CommandProperties,
  message: string,
): WorkflowCommandLine {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(visibleText(String(value)))}`)
    .join(',');
  const line = `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(visibleText(message))}`;
  return line as WorkflowCommandLine;
}
