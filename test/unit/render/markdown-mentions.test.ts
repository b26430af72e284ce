// The plan comment and the step summaries are markdown GitHub renders: a CRM name such as
// `@acme/security-team` or `owner/repo#2` must neither page anyone nor link an issue, wherever
// it is quoted (warnings, released records, the safety reason, the target, the apply report).
// Inside the diff block GitHub links nothing, so names stay exactly as written there.
import { describe, expect, it } from 'vitest';
import { APPLY_REPORT_FORMAT } from '../../../src/apply/apply-report.js';
import type { ApplyReport } from '../../../src/apply/apply-report.js';
import { renderApplyReportMarkdown } from '../../../src/render/apply-report.js';
import { PLAN_COMMENT_MARKER, renderPlanMarkdown } from '../../../src/render/markdown.js';
import { escapeMarkdown } from '../../../src/render/markdown-escape.js';
import { buildPlanView } from '../../../src/render/view-model/build-plan-view.js';
import { buildPlan, record, territory } from './plan-builder.js';

const MENTION = '@acme/security-team';
const REFERENCES = 'fixes #1, owner/repo#2, GH-3 and @someone';

/** Text as GitHub renders it outside code: escapes read, entities decoded. */
function rendered(markdown: string): string {
  return markdown
    .replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')
    .replace(/`[^`\n]*`/g, '')
    .replace(/\\([\\`*_[\]|~#])/g, '$1')
    .replace(/&#8203;/g, '\u200b')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function live(markdown: string): string[] {
  const text = rendered(markdown);
  return [
    ...text.matchAll(/(?:^|[^\w`])@[a-z0-9][\w-]*(?:\/[\w-]+)?/gim),
    ...text.matchAll(/(?:^|[^\w&])#\d+/gm),
    ...text.matchAll(/\bGH-\d+/gi),
    ...text.matchAll(/[\w.-]+\/[\w.-]+#\d+/g),
  ].map((m) => m[0]);
}

describe('mentions and references in the plan comment', () => {
  const plan = buildPlan({
    records: [
      record({ module: 'Accounts', id: '554023000003600001', name: MENTION, add: ['EMEA'] }),
    ],
    warnings: [
      {
        code: 'KEPT_BY_RULES',
        severity: 'warning',
        message: `Record "${MENTION}" keeps "${REFERENCES}"`,
        hint: `Ask ${MENTION} (see #12)`,
        location: { file: 'crm/@org/team #7.yaml', line: 3, column: 5 },
      },
    ],
    safety: { tripped: true, reason: `Removals by ${MENTION} over #9` },
  });
  const markdown = renderPlanMarkdown(
    buildPlanView(plan, {
      target: `prod for @org/ops #5`,
      baseRef: {
        ref: 'origin/main#8',
        added: 0,
        changed: 0,
        released: [{ module: 'Accounts', id: '554023000003600002', note: REFERENCES }],
      },
    }),
  );

  it('leaves no live mention or reference outside the diff block', () => {
    expect(live(markdown)).toEqual([]);
  });

  it('keeps names readable: only a zero-width space is added', () => {
    expect(rendered(markdown)).toContain(`Record "\u0040\u200bacme/security-team" keeps`);
    expect(markdown).toContain('owner/repo\\#&#8203;2');
    expect(markdown).toContain('GH-&#8203;3');
    // In the diff block the name is exactly as written.
    expect(markdown).toContain(`~ ${MENTION} (554023000003600001)\n+ EMEA\n`);
  });

  it("keeps the tool's own markdown: marker, headings, table, caution block", () => {
    expect(markdown.startsWith(`${PLAN_COMMENT_MARKER}\n### territory-sync plan\n`)).toBe(true);
    expect(markdown).toContain('#### Warnings\n');
    expect(markdown).toContain('#### Changes\n');
    expect(markdown).toContain('| Module | Records | To assign | To remove |\n| --- |');
    expect(markdown).toContain('> [!CAUTION]\n');
  });
});

describe('mentions in the territory overview (table, picture, reviewers)', () => {
  const plan = buildPlan({
    records: [
      record({
        module: 'Accounts',
        id: '554023000003600001',
        name: MENTION,
        add: ['@org/sales #4', 'owner/repo#2'],
        remove: ['GH-3 `x`'],
      }),
    ],
  });
  const ownerOf = (name: string) => territory(name).id;
  const markdown = (groupBy: 'record' | 'territory') =>
    renderPlanMarkdown(
      buildPlanView(plan, {
        owners: {
          byTerritory: new Map([
            [ownerOf('@org/sales #4'), ['@zylker/emea-sales', '@kim']],
            // Not a handle: a caller's mistake must not become markup or a mention.
            [ownerOf('owner/repo#2'), ['@evil <b>x</b> #5']],
          ]),
          warnings: [],
        },
      }),
      { groupBy },
    );

  it.each(['record', 'territory'] as const)(
    'mentions exactly the owners the config names, and nothing from the CRM (--group-by %s)',
    (groupBy) => {
      const text = markdown(groupBy);
      expect(new Set(live(text))).toEqual(new Set([' @zylker/emea-sales', ' @kim']));
      expect(text).toContain(
        '**Needs review from:** @&#8203;evil &lt;b&gt;x&lt;/b&gt; \\#&#8203;5, @kim, @zylker/emea-sales\n',
      );
      expect(text).not.toContain('<b>');
      // The picture's labels hold no raw @, # or backtick either (Mermaid entities).
      const picture = /```mermaid\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
      const labels = [...picture.matchAll(/\["([^"]*)"\]/g)].map((m) => m[1]);
      expect(labels).toHaveLength(3);
      for (const label of labels) expect(label).not.toMatch(/[@`]|#(?![0-9]+;)/);
    },
  );
});

describe('mentions and references in the apply report', () => {
  it('names a failed record and quotes Zoho without a live mention', () => {
    const report: ApplyReport = {
      format: APPLY_REPORT_FORMAT,
      formatVersion: 1,
      planHash: 'a'.repeat(64),
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      verified: true,
      records: [
        {
          module: 'Accounts',
          id: '554023000003600001',
          name: MENTION,
          status: 'failed',
          code: 'RECORD_LOCKED',
          reason: `locked by @org/team, see owner/repo#2\n::error::x`,
          attempts: 1,
        },
      ],
      summary: { converged: 0, failed: 1, pending: 0, skipped: 0 },
      counts: { writeCalls: 1, jobPolls: 0, verifyReads: 0, resubmissions: 0, transportRetries: 0 },
    };
    const markdown = renderApplyReportMarkdown(report);
    expect(live(markdown)).toEqual([]);
    expect(markdown).toContain('@&#8203;acme/security-team (554023000003600001)');
    expect(markdown.split('\n').filter((line) => line.startsWith('::'))).toEqual([]);
  });
});

describe('escapeMarkdown', () => {
  it.each([
    ['@acme', '@&#8203;acme'],
    ['@org/team', '@&#8203;org/team'],
    ['#1', '\\#&#8203;1'],
    ['owner/repo#2', 'owner/repo\\#&#8203;2'],
    ['GH-3', 'GH-&#8203;3'],
    ['gh-4', 'gh-&#8203;4'],
    ['@ alone, # alone, #x, GHz-5, a@', '@ alone, \\# alone, \\#x, GHz-5, a@'],
    ['Zürich & <Co> | 100%', 'Zürich &amp; &lt;Co&gt; \\| 100%'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });
});
