// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { TypedAttribute } from '../api/types';
import { AttributeTable, FOLD_AT, plainValue, ValueView } from './typed-value';

afterEach(cleanup);

const HOSTILE = [`<img src=x onerror="window.__pwned=1">`, `<script>window.__pwned=1</script>`, `"><svg onload=alert(1)>`, `{{constructor.constructor('alert(1)')()}}`];

describe('AttributeTable', () => {
  it('renders hostile keys and values as literal text, creating no elements from them', () => {
    const attrs: TypedAttribute[] = HOSTILE.map((h) => ({ key: h, value: { type: 'string', value: h } }));
    const { container } = render(<AttributeTable attributes={attrs} dropped={0} label="attrs" />);
    for (const h of HOSTILE) expect(screen.getAllByText(h)).toHaveLength(2);
    expect(container.querySelector('img, script, svg, iframe')).toBeNull();
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows the type of each value and how many were dropped', () => {
    render(
      <AttributeTable
        attributes={[
          { key: 'n', value: { type: 'int', value: '9007199254740993' } },
          { key: 'ok', value: { type: 'bool', value: true } },
          { key: 'list', value: { type: 'array', value: [{ type: 'string', value: 'a' }, { type: 'double', value: 'NaN' }] } },
        ]}
        dropped={3}
        label="attrs"
      />,
    );
    expect(screen.getByText('9007199254740993')).toBeTruthy();
    expect(screen.getByText('int')).toBeTruthy();
    expect(screen.getByText('bool')).toBeTruthy();
    expect(screen.getByText('array')).toBeTruthy();
    expect(screen.getByText(/3 more dropped/)).toBeTruthy();
  });
});

describe('ValueView', () => {
  it('links only whole http(s) URLs, opening them without a referrer or opener', () => {
    const { container } = render(
      <>
        <ValueView value={{ type: 'string', value: 'https://shop.example.com/a?b=1' }} />
        <ValueView value={{ type: 'string', value: 'javascript:alert(1)' }} />
        <ValueView value={{ type: 'string', value: 'data:text/html,<b>x</b>' }} />
      </>,
    );
    const links = container.querySelectorAll('a');
    expect(links).toHaveLength(1);
    expect(links[0]!.getAttribute('href')).toBe('https://shop.example.com/a?b=1');
    expect(links[0]!.getAttribute('rel')).toContain('noopener');
    expect(screen.getByText('javascript:alert(1)').closest('a')).toBeNull();
  });

  it('folds a long value and unfolds it on request', () => {
    const long = 'x'.repeat(FOLD_AT * 3);
    render(<ValueView value={{ type: 'string', value: long }} />);
    expect(screen.queryByText(long)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /show all/ }));
    expect(screen.getByText(long)).toBeTruthy();
  });
});

describe('plainValue', () => {
  it('keeps a "__proto__" key as data', () => {
    const v = plainValue({ type: 'kvlist', value: [{ key: '__proto__', value: { type: 'string', value: 'x' } }] });
    expect(JSON.stringify(v)).toBe('{"__proto__":"x"}');
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('handles deep nesting without recursion', () => {
    let v: import('../api/types').TypedValue = { type: 'string', value: 'leaf' };
    for (let i = 0; i < 50_000; i++) v = { type: 'array', value: [v] };
    let p = plainValue(v);
    let depth = 0;
    while (Array.isArray(p)) {
      p = p[0];
      depth++;
    }
    expect(depth).toBe(50_000);
    expect(p).toBe('leaf');
  });
});
