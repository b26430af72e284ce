import { describe, expect, it } from 'vitest';
import { slugify, uniqueSlug } from '../../../src/export/slug.js';

describe('slugify', () => {
  it.each([
    ['US East', 'us-east'],
    ['UK & Ireland', 'uk-ireland'],
    ['Müller & Söhne', 'muller-sohne'],
    ['  EMEA / Enterprise  ', 'emea-enterprise'],
    ['日本', '日本'],
    ['***', ''],
  ])('%j -> %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });
});

describe('uniqueSlug', () => {
  it('numbers a slug that is taken', () => {
    expect(uniqueSlug('US East', new Set(['us-east', 'us-east-2']))).toBe('us-east-3');
  });

  it('never gives an alias that reads as an id or is empty', () => {
    expect(uniqueSlug('2025', new Set())).toBe('territory-2025');
    expect(uniqueSlug('***', new Set())).toBe('territory');
  });
});
