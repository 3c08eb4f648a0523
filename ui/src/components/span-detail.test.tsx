// @vitest-environment jsdom
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SpanDetail, SpanDetailResponse } from '../api/types';
import { compactTrace, sid } from '../lib/test-trace';
import { buildTraceModel } from '../lib/trace-model';
import { SpanDetailPanel } from './span-detail';

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

function detail(patch: Partial<SpanDetail>): SpanDetail {
  return {
    traceId: 'ab'.repeat(16),
    spanId: sid(2),
    parentSpanId: sid(1),
    traceState: '',
    flags: 1,
    name: 'charge',
    kind: 3,
    kindName: 'client',
    startTimeUnixNano: '1700000000010000000',
    endTimeUnixNano: '1700000000060000000',
    durationNs: 50_000_000,
    status: { code: 2, message: 'card declined' },
    attributes: [{ key: 'app.payment.card_type', value: { type: 'string', value: 'visa' } }],
    droppedAttributesCount: 0,
    events: [{ timeUnixNano: '1700000000020000000', offsetNs: 10_000_000, name: 'exception', attributes: [{ key: 'exception.message', value: { type: 'string', value: HOSTILE } }], droppedAttributesCount: 0 }],
    droppedEventsCount: 0,
    links: [
      { traceId: 'cd'.repeat(16), spanId: sid(9), traceState: '', flags: 0, attributes: [], droppedAttributesCount: 0, trace: { rootServiceName: 'batch', rootSpanName: 'nightly', spanCount: 3 } },
      { traceId: 'ef'.repeat(16), spanId: sid(8), traceState: '', flags: 0, attributes: [], droppedAttributesCount: 0, trace: null },
    ],
    droppedLinksCount: 0,
    resource: { attributes: [{ key: 'service.name', value: { type: 'string', value: 'payment' } }], droppedAttributesCount: 0, schemaUrl: '' },
    scope: { name: 'shop.payment', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
    ...patch,
  };
}

let fetchMock: ReturnType<typeof vi.fn>;
beforeEach(() => {
  fetchMock = vi.fn(async () => new Response(JSON.stringify({ span: detail({}), otlp: { resourceSpans: [] } } satisfies SpanDetailResponse), { status: 200 }));
  vi.stubGlobal('fetch', fetchMock);
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const model = buildTraceModel(
  compactTrace([
    [sid(1), '', 'POST /checkout', 'frontend', 0, 100_000_000],
    [sid(2), sid(1), 'charge', 'payment', 10_000_000, 50_000_000, 2],
  ]),
);

describe('SpanDetailPanel', () => {
  it('shows the outline facts at once, then attributes, events and links from the API', async () => {
    render(<SpanDetailPanel model={model} span={1} onClose={() => {}} onSelectSpan={() => {}} />);
    expect(screen.getByTestId('detail-span-id').textContent).toBe(sid(2));
    expect(screen.getByText('internal')).toBeTruthy();
    expect(screen.getByText('+10 ms')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('visa')).toBeTruthy());
    expect(fetchMock).toHaveBeenCalledWith(`/api/v1/traces/${'ab'.repeat(16)}/spans/${sid(2)}`, expect.anything());
    expect(screen.getByText('exception')).toBeTruthy();
    expect(screen.getByText(HOSTILE)).toBeTruthy();
    expect(document.querySelector('img')).toBeNull();
    const linked = screen.getByRole('link', { name: /Linked trace/ });
    expect(linked.getAttribute('href')).toBe(`/trace/${'cd'.repeat(16)}?span=${sid(9)}`);
    expect(screen.getByText('(not in this store)')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Download this span' }).getAttribute('href')).toContain('download=1');
  });

  it('says what failed when the details cannot be loaded', async () => {
    fetchMock.mockImplementation(async () => new Response(JSON.stringify({ error: { code: 'ERR_QUERY_STORE', message: 'store error: disk full' } }), { status: 500 }));
    render(<SpanDetailPanel model={model} span={1} onClose={() => {}} onSelectSpan={() => {}} />);
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('store error: disk full'));
    expect(screen.getByRole('alert').textContent).toContain('HTTP 500');
  });
});
