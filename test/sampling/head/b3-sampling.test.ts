import { describe, expect, it } from 'vitest';
import type { B3SamplingState } from '../../../src/propagation/span-context.js';
import { decisionFromB3 } from '../../../src/sampling/head/b3-sampling.js';

describe('decisionFromB3', () => {
  const cases: Array<{ name: string; state: B3SamplingState; expected: boolean | undefined }> = [
    { name: 'Accept (sampled=1) keeps', state: 'accept', expected: true },
    { name: 'Debug always keeps', state: 'debug', expected: true },
    { name: 'Deny (sampled=0) drops', state: 'deny', expected: false },
    { name: 'Defer (absent) leaves it to the sampler', state: 'defer', expected: undefined },
  ];
  it.each(cases)('$name', ({ name, state, expected }) => {
    expect(decisionFromB3(state), name).toBe(expected);
  });
});
