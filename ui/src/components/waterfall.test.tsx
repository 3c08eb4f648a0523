// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { compactTrace, sid } from '../lib/test-trace';
import { buildTraceModel, visibleRows } from '../lib/trace-model';
import { Waterfall, type WaterfallProps } from './waterfall';

afterEach(cleanup);

// jsdom lays nothing out; the virtualizer reads the scroll box's client size, so give it one.
const sizes = { clientHeight: 600, clientWidth: 1200 } as const;
const saved = new Map<string, PropertyDescriptor | undefined>();
beforeAll(() => {
  for (const [key, value] of Object.entries(sizes)) {
    saved.set(key, Object.getOwnPropertyDescriptor(HTMLElement.prototype, key));
    Object.defineProperty(HTMLElement.prototype, key, { configurable: true, get: () => value });
  }
});
afterAll(() => {
  for (const [key, descriptor] of saved) {
    if (descriptor) Object.defineProperty(HTMLElement.prototype, key, descriptor);
    else delete (HTMLElement.prototype as unknown as Record<string, unknown>)[key];
  }
});

const HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';

function setup(rows: Parameters<typeof compactTrace>[0], patch: Partial<WaterfallProps> = {}) {
  const model = buildTraceModel(compactTrace(rows));
  const collapsed = new Uint8Array(model.size);
  const props: WaterfallProps = {
    model,
    rows: visibleRows(model, collapsed),
    collapsed,
    selected: -1,
    matchFlags: null,
    currentMatch: -1,
    viewStart: 0,
    viewEnd: model.durationNs,
    nameWidth: 300,
    scrollRequest: null,
    onSelect: vi.fn(),
    onToggle: vi.fn(),
    onKeyDown: vi.fn(),
    onNameWidth: vi.fn(),
    ...patch,
  };
  return { model, props, ...render(<Waterfall {...props} />) };
}

describe('Waterfall', () => {
  it('renders rows in tree order with their nesting level, duration and error mark', () => {
    const { container } = setup([
      [sid(1), '', 'GET /checkout', 'frontend', 0, 100_000_000],
      [sid(2), sid(1), 'charge', 'payment', 10_000_000, 50_000_000, 2],
      [sid(3), sid(2), 'INSERT', 'db', 20_000_000, 5_000_000],
    ]);
    const rows = [...container.querySelectorAll('[role=treeitem]')];
    expect(rows.map((r) => r.getAttribute('aria-level'))).toEqual(['1', '2', '3']);
    expect(rows.map((r) => r.querySelector('.span-name')?.textContent)).toEqual(['GET /checkout', 'charge', 'INSERT']);
    expect(rows[0]!.getAttribute('aria-expanded')).toBe('true');
    expect(rows[2]!.getAttribute('aria-expanded')).toBeNull();
    expect(rows[1]!.querySelector('.error-mark')).not.toBeNull();
    expect(rows[1]!.textContent).toContain('50 ms');
  });

  it('renders a hostile span name and service as text', () => {
    const { container } = setup([[sid(1), '', HOSTILE, HOSTILE, 0, 10]]);
    expect(screen.getAllByText(HOSTILE)).toHaveLength(2);
    expect(container.querySelector('img, script')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('reports a click on a row and on its collapse toggle', () => {
    const { props } = setup([
      [sid(1), '', 'root', 's', 0, 10],
      [sid(2), sid(1), 'child', 's', 1, 5],
    ]);
    fireEvent.click(screen.getByText('child'));
    expect(props.onSelect).toHaveBeenCalledWith(1);
    fireEvent.click(screen.getByRole('button', { name: 'Collapse root' }));
    expect(props.onToggle).toHaveBeenCalledWith(0);
    expect(props.onSelect).toHaveBeenCalledTimes(1);
  });

  it('renders only a window of a 100,000-span trace', () => {
    const n = 100_000;
    const { container } = setup(Array.from({ length: n }, (_, i) => [sid(i + 1), i === 0 ? '' : sid(1), `op${i}`, 's', i, 10] as const));
    const rows = container.querySelectorAll('[role=treeitem]');
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.length).toBeLessThan(100);
  });

  it('marks the selected row and search matches', () => {
    const { container } = setup(
      [
        [sid(1), '', 'root', 's', 0, 10],
        [sid(2), sid(1), 'child', 's', 1, 5],
      ],
      { selected: 1, matchFlags: new Uint8Array([1, 0]), currentMatch: 0 },
    );
    const rows = [...container.querySelectorAll('[role=treeitem]')];
    expect(rows[1]!.getAttribute('aria-selected')).toBe('true');
    expect(rows[0]!.className).toContain('current-match');
    expect(container.querySelector('[role=tree]')!.getAttribute('aria-activedescendant')).toBe(`span-row-${sid(2)}`);
  });
});
