// The few ANSI styles the renderers use. A renderer asks for a Paint once and never checks the
// colour flag again, so "colour off" cannot leak escape codes through a forgotten branch.

export interface Paint {
  readonly bold: (text: string) => string;
  readonly green: (text: string) => string;
  readonly red: (text: string) => string;
  readonly yellow: (text: string) => string;
}

const plain = (text: string): string => text;

// Each style closes with its own reset (22 for bold, 39 for colours) so styles can nest.
const style =
  (open: number, close: number) =>
  (text: string): string =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const COLOURED: Paint = {
  bold: style(1, 22),
  green: style(32, 39),
  red: style(31, 39),
  yellow: style(33, 39),
};

const PLAIN: Paint = { bold: plain, green: plain, red: plain, yellow: plain };

export function paint(color: boolean): Paint {
  return color ? COLOURED : PLAIN;
}
