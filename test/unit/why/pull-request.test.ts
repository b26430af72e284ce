import { describe, expect, it } from 'vitest';
import { pullRequestOf } from '../../../src/why/pull-request.js';

describe('pullRequestOf: the pull request a commit subject names', () => {
  it.each([
    ['Move West accounts (#42)', 42],
    ['Move West accounts (#42)  ', 42],
    ['Merge pull request #1234 from org/west', 1234],
    ['Merge pull request #7', 7],
  ])('%s -> %s', (subject, pr) => {
    expect(pullRequestOf(subject)).toBe(pr);
  });

  it.each([
    'Move West accounts',
    'Fixes #42 in the middle',
    '(#42) at the start',
    'Move (#0)',
    'Move (#12345678901)',
    'Merge pull request #12a from x',
    'merge pull request #3 from x',
  ])('none in %s', (subject) => {
    expect(pullRequestOf(subject)).toBeUndefined();
  });
});
