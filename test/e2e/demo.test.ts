// `npm start` for a new user: the real binary, the bundled emulator, the shipped YAML.
import { describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/run-cli.js';

describe('the demo (npm start)', () => {
  it('plans, applies, and ends with "No changes"', async () => {
    const result = await runBinary(['demo']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/emulator with the demo org is listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toContain('Plan: 11 to assign, 4 to remove, across 12 records (17 unchanged).');
    // The Deal reassignment reads from old to new.
    expect(out).toMatch(/~ Globex expansion \(554023000003639902\)\n\s+- US East\n\s+\+ US West/);
    expect(out).toContain('Apply complete: 12 records converged (verified by re-reading the CRM).');
    expect(out.trimEnd()).toMatch(
      /No changes\. Your CRM matches the desired state \(29 records checked\)\.[\s\S]*Done/,
    );
  });
});
