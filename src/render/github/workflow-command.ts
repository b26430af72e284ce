// GitHub Actions reads workflow commands ("::error file=a.yaml,line=3::text") from a step's
// output, one per line. Anything we print there may quote CRM names or YAML the user wrote, so
// every value is escaped exactly as GitHub's own toolkit (@actions/core) does: a newline in a
// record name must not end the command and start another one of its own.

/** The message part (after the second `::`): only %, CR and LF are special. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (file=, title=, ...): also ':' and ',' which separate properties. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export type WorkflowCommandName = 'error' | 'warning' | 'notice';

/** Property values; undefined ones are left out, in the order given. */
export type CommandProperties = Readonly<Record<string, string | number | undefined>>;

/** "::name key=value,key=value::message", with every part escaped. */
export function workflowCommand(
  name: WorkflowCommandName,
  properties: CommandProperties,
  message: string,
): string {
  const props = Object.entries(properties)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${name}${props === '' ? '' : ` ${props}`}::${escapeData(message)}`;
}
