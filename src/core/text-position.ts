// Where an offset falls in a text, as editors count: 1-based line and column, in UTF-16 units.
// For the messages that locate a problem in a file that has no parser of its own to say where
// (a JSON config, the selectors' ledger).

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
