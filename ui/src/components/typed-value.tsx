/**
 * An attribute value with its type. Every piece of it is React text (never HTML); a
 * string becomes a link only when it is a whole http(s) URL; long values fold.
 */
import { useState } from 'react';
import type { TypedAttribute, TypedValue } from '../api/types';
import { safeHttpUrl } from '../lib/safe-url';

export const FOLD_AT = 240;

const TYPE_LABELS: Record<TypedValue['type'], string> = {
  string: 'string',
  bool: 'bool',
  int: 'int',
  double: 'double',
  bytes: 'bytes',
  array: 'array',
  kvlist: 'map',
  empty: 'empty',
};

/** A plain value for JSON display: typed wrappers dropped, int64 kept as its digits. Iterative. */
export function plainValue(root: TypedValue): unknown {
  let result: unknown = null;
  const stack: { v: TypedValue; set: (x: unknown) => void }[] = [{ v: root, set: (x) => (result = x) }];
  while (stack.length > 0) {
    const { v, set } = stack.pop()!;
    switch (v.type) {
      case 'array': {
        const out: unknown[] = new Array<unknown>(v.value.length);
        set(out);
        v.value.forEach((item, i) => stack.push({ v: item, set: (x) => (out[i] = x) }));
        break;
      }
      case 'kvlist': {
        // A data property even for a key like "__proto__": the key is data, not an instruction.
        const out: Record<string, unknown> = {};
        set(out);
        v.value.forEach((kv) =>
          stack.push({ v: kv.value, set: (x) => Object.defineProperty(out, kv.key, { value: x, enumerable: true, writable: true, configurable: true }) }),
        );
        break;
      }
      case 'empty':
        set(null);
        break;
      default:
        set(v.value);
    }
  }
  return result;
}

/** The value as one line or block of text. */
export function valueText(v: TypedValue): string {
  switch (v.type) {
    case 'string':
    case 'int':
    case 'bytes':
      return v.value;
    case 'bool':
    case 'double':
      return String(v.value);
    case 'empty':
      return '';
    default:
      return JSON.stringify(plainValue(v), null, 2);
  }
}

function Folded({ text }: { readonly text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > FOLD_AT || text.split('\n', 4).length > 3;
  if (!long) return <span className="value-text">{text}</span>;
  return (
    <span className="value-text">
      {open ? text : `${text.slice(0, FOLD_AT).split('\n', 3).join('\n')}…`}{' '}
      <button type="button" className="link-button" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? 'show less' : `show all (${text.length.toLocaleString('en-US')} characters)`}
      </button>
    </span>
  );
}

export function ValueView({ value }: { readonly value: TypedValue }) {
  const text = valueText(value);
  const url = value.type === 'string' ? safeHttpUrl(value.value) : null;
  return (
    <span className={`value value-${value.type}`}>
      {url !== null ? (
        <a href={url} target="_blank" rel="noopener noreferrer nofollow">
          {text}
        </a>
      ) : value.type === 'empty' ? (
        <span className="muted">(empty)</span>
      ) : value.type === 'string' && text === '' ? (
        <span className="muted">""</span>
      ) : (
        <Folded text={text} />
      )}
      <span className="type-badge">{TYPE_LABELS[value.type]}</span>
    </span>
  );
}

export function AttributeTable({ attributes, dropped, label }: { readonly attributes: readonly TypedAttribute[]; readonly dropped: number; readonly label: string }) {
  if (attributes.length === 0 && dropped === 0) return <p className="muted">No attributes.</p>;
  return (
    <table className="attributes" aria-label={label}>
      <tbody>
        {attributes.map((a, i) => (
          <tr key={`${i}:${a.key}`} data-key={a.key}>
            <th scope="row">{a.key}</th>
            <td>
              <ValueView value={a.value} />
            </td>
          </tr>
        ))}
        {dropped > 0 && (
          <tr>
            <td colSpan={2} className="muted">
              {dropped.toLocaleString('en-US')} more dropped by the sender's limits
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
