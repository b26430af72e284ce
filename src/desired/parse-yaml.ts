// One desired file's text to a located tree: the fast canonical reader when the file is
// written the usual way, the full YAML reader otherwise (and for every syntax error).
import { parseCanonicalYaml } from './canonical-yaml.js';
import { parseFullYaml } from './full-yaml.js';
import type { YamlParse } from './full-yaml.js';

export type { YamlParse } from './full-yaml.js';

export function parseYaml(file: string, text: string): YamlParse {
  const tree = parseCanonicalYaml(file, text);
  return tree === undefined ? parseFullYaml(file, text) : { tree, diagnostics: [] };
}
