import { describe, expect, it } from 'vitest';
import { isSpanId, normalizeTraceId, safeHttpUrl } from './safe-url';

describe('safeHttpUrl', () => {
  const cases: { name: string; text: string; link: boolean }[] = [
    { name: 'https URL', text: 'https://shop.example.com/api?q=1', link: true },
    { name: 'http URL, any case', text: 'HTTP://example.com/', link: true },
    { name: 'javascript: scheme', text: 'javascript:alert(1)', link: false },
    { name: 'javascript: disguised with spaces', text: ' javascript:alert(1)', link: false },
    { name: 'data: URL', text: 'data:text/html,<script>alert(1)</script>', link: false },
    { name: 'relative path', text: '/api/items', link: false },
    { name: 'URL with a space inside', text: 'https://a.example/x y', link: false },
    { name: 'protocol-relative', text: '//evil.example/', link: false },
    { name: 'text around a URL', text: 'see https://example.com', link: false },
  ];
  for (const c of cases) {
    it(`${c.name} -> ${c.link ? 'link' : 'text'}`, () => expect(safeHttpUrl(c.text) !== null, c.name).toBe(c.link));
  }
});

describe('ids', () => {
  it('normalizes 1 to 32 hex digits to a 32-digit lowercase trace id', () => {
    expect(normalizeTraceId('ABC')).toBe('0'.repeat(29) + 'abc');
    expect(normalizeTraceId(' ' + 'f'.repeat(32) + ' ')).toBe('f'.repeat(32));
    expect(normalizeTraceId('xyz')).toBeNull();
    expect(normalizeTraceId('f'.repeat(33))).toBeNull();
    expect(normalizeTraceId('')).toBeNull();
  });
  it('knows a span id', () => {
    expect(isSpanId('0123456789abcdef')).toBe(true);
    expect(isSpanId('0123456789ABCDEF')).toBe(false);
  });
});
