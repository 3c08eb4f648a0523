/** Tokens of the OTTL condition subset Ariadne runs (see parser.ts). */
export type Token =
  | { kind: 'string'; value: string; at: number }
  | { kind: 'number'; value: number; integer: boolean; at: number }
  | { kind: 'ident'; value: string; at: number }
  | { kind: 'op'; value: '==' | '!=' | '<' | '<=' | '>' | '>=' ; at: number }
  | { kind: 'punct'; value: '(' | ')' | '[' | ']' | ',' | '.'; at: number }
  | { kind: 'end'; at: number };

export class OttlSyntaxError extends Error {}

export function lex(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '"') {
      let s = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          j++;
          const e = text[j]!;
          s += e === 'n' ? '\n' : e === 't' ? '\t' : e;
        } else s += text[j];
      }
      if (j >= text.length) throw new OttlSyntaxError(`unterminated string at ${i}`);
      out.push({ kind: 'string', value: s, at: i });
      i = j + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') {
      out.push({ kind: 'op', value: two, at: i });
      i += 2;
      continue;
    }
    if (c === '<' || c === '>') {
      out.push({ kind: 'op', value: c, at: i });
      i++;
      continue;
    }
    if ('()[],.'.includes(c)) {
      // A '.' that starts a number (".5") is a number; after an identifier it is a path step.
      if (c !== '.' || !/[0-9]/.test(text[i + 1] ?? '') || out[out.length - 1]?.kind === 'ident') {
        out.push({ kind: 'punct', value: c as '(' | ')' | '[' | ']' | ',' | '.', at: i });
        i++;
        continue;
      }
    }
    const num = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/.exec(text.slice(i));
    if (num && (c !== '-' || out.length === 0 || out[out.length - 1]!.kind !== 'ident')) {
      out.push({ kind: 'number', value: Number(num[0]), integer: /^-?\d+$/.test(num[0]), at: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (id) {
      out.push({ kind: 'ident', value: id[0], at: i });
      i += id[0].length;
      continue;
    }
    throw new OttlSyntaxError(`unexpected '${c}' at ${i}`);
  }
  out.push({ kind: 'end', at: text.length });
  return out;
}
