// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceSummary } from '../api/types';
import { ResultsList } from './results-list';

afterEach(cleanup);

const HOSTILE = '<img src=x onerror="window.__pwned=1">';

function summary(patch: Partial<TraceSummary>): TraceSummary {
  return {
    traceId: 'a'.repeat(32),
    startTimeUnixNano: '1700000000000000000',
    durationNs: 12_300_000,
    rootServiceName: 'frontend',
    rootSpanName: 'GET /',
    spanCount: 7,
    errorCount: 0,
    services: [{ service: 'frontend', spanCount: 7 }],
    ...patch,
  };
}

describe('ResultsList', () => {
  it('shows root, duration, counts and services, linking to the trace', () => {
    render(<ResultsList traces={[summary({ errorCount: 2, services: [{ service: 'db', spanCount: 3 }, { service: 'frontend', spanCount: 4 }] })]} nowMs={1_700_000_060_000} />);
    expect(screen.getByText('GET /')).toBeTruthy();
    expect(screen.getByText('12.3 ms')).toBeTruthy();
    expect(screen.getByText('7 spans')).toBeTruthy();
    expect(screen.getByText('2 errors')).toBeTruthy();
    expect(screen.getByText('db')).toBeTruthy();
    expect(screen.getByRole('link').getAttribute('href')).toBe(`/trace/${'a'.repeat(32)}`);
    expect(screen.getByText(/1 min ago/)).toBeTruthy();
  });

  it('says when the root span has not arrived', () => {
    render(<ResultsList traces={[summary({ rootServiceName: null, rootSpanName: null })]} nowMs={0} />);
    expect(screen.getByText('Root span not received yet')).toBeTruthy();
  });

  it('renders hostile names as text', () => {
    const { container } = render(
      <ResultsList traces={[summary({ rootServiceName: HOSTILE, rootSpanName: HOSTILE, services: [{ service: HOSTILE, spanCount: 1 }] })]} nowMs={0} />,
    );
    expect(screen.getAllByText(HOSTILE).length).toBe(3);
    expect(container.querySelector('img')).toBeNull();
  });
});
