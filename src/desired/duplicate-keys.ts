// A key written twice in one mapping: YAML would silently keep one of them, so each is an error
// naming both places. Under a module it is a record listed twice; under `territories:` an alias
// defined twice.
import type { Diagnostic } from '../core/model.js';
import { classifyPath, recordKeyOf, recordSubject } from './document-path.js';
import { DESIRED_DIAGNOSTIC } from '../core/diagnostic-codes.js';
import { excerpt, formatLocation, problem } from './diagnostics.js';
import type { DuplicateKey } from './located-tree.js';

function where(duplicate: DuplicateKey): string {
  const role = classifyPath(duplicate.path);
  switch (role.role) {
    case 'root':
      return ' at the top level';
    case 'records':
      return ' under `records:`';
    case 'alias':
      return ` in alias '${excerpt(role.alias)}'`;
    case 'entry':
      return ` in ${recordSubject(role.module, role.id)}`;
    default:
      return duplicate.path.length === 0 ? '' : ` in ${duplicate.path.join('.')}`;
  }
}

export function duplicateKeyDiagnostics(duplicates: readonly DuplicateKey[]): Diagnostic[] {
  return duplicates.map((duplicate) => {
    const { key, first, second } = duplicate;
    const both = `at ${formatLocation(first)} and at ${formatLocation(second)}`;
    const role = classifyPath(duplicate.path);
    if (role.role === 'module') {
      const record = recordKeyOf(role.module, key);
      return problem({
        code: DESIRED_DIAGNOSTIC.duplicateRecord,
        message: `${recordSubject(role.module, key)} is listed twice: ${both}.`,
        hint: "Keep one entry: a record's territories must be listed in one place.",
        location: second,
        related: [first],
        ...(record ? { record } : {}),
      });
    }
    if (role.role === 'aliases') {
      return problem({
        code: DESIRED_DIAGNOSTIC.duplicateAlias,
        message: `Alias '${excerpt(key)}' is defined twice: ${both}.`,
        hint: 'Keep one definition; rename one of them if they mean different territories.',
        location: second,
        related: [first],
      });
    }
    return problem({
      code: DESIRED_DIAGNOSTIC.duplicateKey,
      message: `Key '${excerpt(key)}' appears twice${where(duplicate)}: ${both}.`,
      hint: 'YAML keeps only one of them: merge the two into one key.',
      location: second,
      related: [first],
    });
  });
}
