// A write answer's data[] as a hostile or broken server could send it: entries out of order,
// twice, missing, pointing at another record, naming a record that was not sent. Whatever it
// holds, no entry may answer a record it does not name, and an entry read by its position is
// only read so where data[] is what A1 promises (docs/ASSUMPTIONS.md). A record no entry answers
// is left out, and the executor reports it NO_ANSWER. Zoho's words are kept to a sentence a
// record. Over HTTP on 127.0.0.1 (fake Zoho).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useFakeZoho, testClient } from './helpers/fake-zoho.js';
import { sendJson } from './helpers/test-server.js';
import { UNKNOWN_CODE_ADVICE } from '../../../src/zoho/write-territories.js';

const fake = useFakeZoho();

const A = '554023000003635001';
const B = '554023000003635002';
const C = '554023000003635003';
const ELSEWHERE = '554023000003639999';
const BATCH = [A, B, C].map((id) => ({ id, territoryIds: ['554023000000430407'] }));

/** Zoho's SCHEDULED entry (v7 sample): names its record by details.id. */
const scheduled = (id: unknown, jobId = `job-${String(id)}`) => ({
  code: 'SCHEDULED',
  details: { job_id: jobId, id },
  message: 'Territory assignment process scheduled successfully',
  status: 'success',
});
/** An error entry ([OAS] shape): names its record by the json_path's data index only. */
const refused = (code: string, jsonPath: string) => ({
  code,
  details: { api_name: 'id', json_path: jsonPath },
  message: `${code} message`,
  status: 'error',
});
/** An entry that names no record (Zoho's ALREADY_SCHEDULED sometimes has empty details). */
const unnamed = (code = 'ALREADY_SCHEDULED') => ({
  code,
  details: {},
  message: 'a job is already scheduled',
  status: 'error',
});

async function answered(data: unknown[]) {
  const zoho = await fake((_req, res) => sendJson(res, 207, { data }));
  const { client } = testClient(zoho);
  const results = await client.write('Accounts', 'assign', BATCH);
  expect(zoho.apiRequests()).toHaveLength(1);
  return Object.fromEntries(results.map((r) => [r.recordId, `${r.code}:${r.jobId ?? ''}`]));
}

describe('which record a write entry answers', () => {
  it.each([
    {
      case: 'every entry named, out of order: each lands on the record it names',
      data: [scheduled(C), refused('DUPLICATE_DATA', '$.data[0].Territories[0].id'), scheduled(B)],
      expected: { [A]: 'DUPLICATE_DATA:', [B]: `SCHEDULED:job-${B}`, [C]: `SCHEDULED:job-${C}` },
    },
    {
      case: 'json_path with the stray leading space of some OAS examples still names its record (A12)',
      data: [scheduled(A), refused('RECORD_LOCKED', ' $.data[2].id'), scheduled(B)],
      expected: { [A]: `SCHEDULED:job-${A}`, [B]: `SCHEDULED:job-${B}`, [C]: 'RECORD_LOCKED:' },
    },
    {
      case: 'the same answer twice for one record: it answers that record; a record none names is left out',
      data: [scheduled(A), scheduled(A), scheduled(C)],
      expected: { [A]: `SCHEDULED:job-${A}`, [C]: `SCHEDULED:job-${C}` },
    },
    {
      case: 'two different answers for one record: neither is believed',
      data: [scheduled(A), refused('LIMIT_EXCEEDED', '$.data[0].Territories'), scheduled(C)],
      expected: { [C]: `SCHEDULED:job-${C}` },
    },
    {
      case: 'an entry missing: the record is left out, the others keep their own',
      data: [scheduled(A), scheduled(C)],
      expected: { [A]: `SCHEDULED:job-${A}`, [C]: `SCHEDULED:job-${C}` },
    },
    {
      case: 'details.id and json_path naming two different records: the entry answers neither',
      data: [
        { ...scheduled(A), details: { job_id: 'x', id: A, json_path: '$.data[1].id' } },
        unnamed(),
        scheduled(C),
      ],
      expected: { [C]: `SCHEDULED:job-${C}` },
    },
    {
      case: 'json_path pointing past the batch: answers nobody, and no entry is then read by position',
      data: [refused('RECORD_LOCKED', '$.data[7].id'), unnamed(), unnamed()],
      expected: {},
    },
    {
      case: 'json_path with an index too long for a number: answers nobody',
      data: [unnamed(), refused('RECORD_LOCKED', '$.data[99999999999999999999999].id'), unnamed()],
      expected: {},
    },
    {
      case: 'details.id of a record that was not sent: answers nobody, and none is read by position',
      data: [scheduled(ELSEWHERE), unnamed(), unnamed()],
      expected: {},
    },
    {
      case: 'details.id that is not a string (a JSON number loses digits): answers nobody',
      data: [scheduled(Number(A)), unnamed(), unnamed()],
      expected: {},
    },
    {
      case: 'an entry that is not an object: none is read by position',
      data: [null, unnamed(), unnamed()],
      expected: {},
    },
    {
      case: 'named entries shifted by one: the unnamed entry is not read by position',
      data: [scheduled(B), scheduled(C), unnamed()],
      expected: { [B]: `SCHEDULED:job-${B}`, [C]: `SCHEDULED:job-${C}` },
    },
    {
      case: "data[] as A1 promises (one per record, each named one at its record's place): the unnamed one is its position's",
      data: [unnamed(), scheduled(B), refused('DUPLICATE_DATA', '$.data[2].Territories[0].id')],
      expected: { [A]: 'ALREADY_SCHEDULED:', [B]: `SCHEDULED:job-${B}`, [C]: 'DUPLICATE_DATA:' },
    },
    {
      case: 'more entries than records, the extra ones foreign: each record keeps its own',
      data: [scheduled(ELSEWHERE), scheduled(A), scheduled(B), scheduled(C)],
      expected: { [A]: `SCHEDULED:job-${A}`, [B]: `SCHEDULED:job-${B}`, [C]: `SCHEDULED:job-${C}` },
    },
  ])('$case', async ({ data, expected }) => {
    expect(await answered(data)).toEqual(expected);
  });

  it('a hostile LIMIT_EXCEEDED (limit and json_path not what Zoho sends) fails only the record it names, in words that carry no control character', async () => {
    const results = Object.fromEntries(
      (
        await (async () => {
          const zoho = await fake((_req, res) =>
            sendJson(res, 207, {
              data: [
                scheduled(A),
                {
                  code: 'LIMIT_EXCEEDED',
                  message: 'Maximum limit\u001b[2J',
                  details: {
                    api_name: 'Territories',
                    json_path: '$.data[1].Territories[42]',
                    limit: 1e21,
                  },
                  status: 'error',
                },
                scheduled(C),
              ],
            }),
          );
          return testClient(zoho).client.write('Accounts', 'remove', BATCH);
        })()
      ).map((r) => [r.recordId, r]),
    );

    expect(results[B]).toMatchObject({ status: 'error', code: 'LIMIT_EXCEEDED' });
    // Not a count Zoho could mean: the documented limit is said instead.
    expect(results[B]?.message).toContain('a record holds at most 10 ');
    expect(results[B]?.message).not.toContain('1e+21');
    expect(results[A]).toMatchObject({ code: 'SCHEDULED' });
    expect(results[C]).toMatchObject({ code: 'SCHEDULED' });
  });

  it("keeps a sentence of Zoho's words per record, not megabytes: the rest is counted, not kept", async () => {
    const zoho = await fake((_req, res) =>
      sendJson(res, 207, {
        data: [
          { ...refused('RECORD_LOCKED', '$.data[0].id'), message: `locked ${'x'.repeat(200_000)}` },
          { ...refused(`NO_SUCH_CODE_${'Y'.repeat(5_000)}`, '$.data[1].id'), message: 'odd' },
          // A character outside the BMP across the cut is kept whole or not at all.
          { ...refused('RECORD_LOCKED', '$.data[2].id'), message: `${'z'.repeat(999)}\u{1F600}` },
        ],
      }),
    );
    const { client } = testClient(zoho);

    const [locked, unknown, emoji] = await client.write('Accounts', 'assign', BATCH);

    expect(locked?.message).toBe(`locked ${'x'.repeat(993)}… (199,007 more characters)`);
    expect(unknown?.code).toBe('UNKNOWN');
    expect(unknown?.message).toBe(
      `NO_SUCH_CODE_${'Y'.repeat(87)}… (4,913 more characters): odd${UNKNOWN_CODE_ADVICE}`,
    );
    expect(emoji?.message).toBe(`${'z'.repeat(999)}… (2 more characters)`);
  });

  it('over generated answers: every result is the answer of an entry that names its record, or of its place where A1 holds', async () => {
    let data: unknown[] = [];
    const zoho = await fake((_req, res) => sendJson(res, 207, { data }));
    const { client } = testClient(zoho);
    // What an entry may name: a record of the batch (by index) or one outside it.
    const target = fc.oneof(fc.nat(2), fc.constant(ELSEWHERE));
    const entryArb = fc.record({
      code: fc.constantFrom('SCHEDULED', 'RECORD_LOCKED', 'DUPLICATE_DATA'),
      byId: fc.option(target, { nil: undefined }),
      byPath: fc.option(fc.oneof(fc.nat(4), fc.constant(Number.MAX_SAFE_INTEGER)), {
        nil: undefined,
      }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 6 }), async (entries) => {
        const idOf = (t: number | string) => (typeof t === 'number' ? BATCH[t]!.id : t);
        data = entries.map((e, k) => ({
          code: e.code,
          status: e.code === 'SCHEDULED' ? 'success' : 'error',
          message: `entry ${k}`,
          details: {
            ...(e.byId === undefined ? {} : { id: idOf(e.byId) }),
            ...(e.byPath === undefined ? {} : { json_path: `$.data[${e.byPath}].id` }),
          },
        }));
        const results = await client.write('Accounts', 'assign', BATCH);

        const indexOf = (id: string) => BATCH.findIndex((b) => b.id === id);
        const names = (k: number) => {
          const e = entries[k]!;
          return [
            ...(e.byId === undefined ? [] : [indexOf(idOf(e.byId))]),
            ...(e.byPath === undefined ? [] : [e.byPath]),
          ];
        };
        expect(new Set(results.map((r) => r.recordId)).size).toBe(results.length);
        for (const result of results) {
          const record = indexOf(result.recordId);
          const k = Number(/^entry (\d+)$/.exec(result.message)?.[1]);
          const named = names(k);
          if (named.length > 0) expect(named.every((n) => n === record)).toBe(true);
          else {
            // Read by its place: data[] is one entry per record, each named one at its place.
            expect(k).toBe(record);
            expect(entries).toHaveLength(BATCH.length);
            entries.forEach((_, j) => {
              const others = names(j);
              if (others.length > 0) expect(others.every((n) => n === j)).toBe(true);
            });
          }
          // No other entry names this record with another answer.
          entries.forEach((other, j) => {
            if (names(j).length > 0 && names(j).every((n) => n === record)) {
              expect(other.code).toBe(entries[k]!.code);
            }
          });
        }
      }),
      { numRuns: 150, interruptAfterTimeLimit: 20_000 },
    );
  });
});
