import { describe, expect, it } from 'vitest';
import { decodeSpans, SpanWriter, StringTable } from '../../../src/sampling/tail/span-codec.js';
import { fullFidelityTrace, plain } from '../../helpers/span-fixture.js';

describe('tail buffer span codec', () => {
  it('round-trips every field of every span exactly', () => {
    const trace = fullFidelityTrace();
    const table = new StringTable();
    const w = new SpanWriter(table);
    const resources = [trace[0]!.resource];
    const scopes = [trace[0]!.scope];
    for (const s of trace) w.span(s, 0, 0);
    const chunk = w.take();
    const back = decodeSpans([chunk], trace[0]!.traceId, resources, scopes, table);
    expect(plain(back)).toEqual(plain(trace));
    expect(back[0]!.resource).toBe(trace[0]!.resource);
  });

  it('stores a 10-attribute span in well under 1 KiB', () => {
    const [, child] = fullFidelityTrace();
    const w = new SpanWriter();
    w.span(child!, 0, 0);
    expect(w.take().length).toBeLessThan(700);
  });
});

describe('string table', () => {
  it('stores repeated keys and names once, and writes new ones inline once it is full', () => {
    const [root] = fullFidelityTrace();
    const table = new StringTable();
    const w = new SpanWriter(table);
    const spans = Array.from({ length: StringTable.MAX_STRINGS + 10 }, (_, i) => ({ ...root!, name: `op-${i}` }));
    for (const s of spans) w.span(s, 0, 0);
    expect(table.strings.length).toBe(StringTable.MAX_STRINGS);
    const back = decodeSpans([w.take()], root!.traceId, [root!.resource], [root!.scope], table);
    expect(back.map((s) => s.name)).toEqual(spans.map((s) => s.name));
  });
});
