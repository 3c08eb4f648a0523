/**
 * One list of component factories, looked up by kind and type. A duplicate type within
 * a kind is a programming error and fails at construction.
 */
import type { Factory, Kind } from './component.js';

export class ComponentRegistry {
  private readonly byKind = new Map<Kind, Map<string, Factory>>();

  constructor(factories: readonly Factory[]) {
    for (const f of factories) {
      let kind = this.byKind.get(f.kind);
      if (!kind) this.byKind.set(f.kind, (kind = new Map()));
      if (kind.has(f.type)) throw new Error(`duplicate ${f.kind} factory for type "${f.type}"`);
      kind.set(f.type, f);
    }
  }

  get(kind: Kind, type: string): Factory | undefined {
    return this.byKind.get(kind)?.get(type);
  }

  /** The registered types of a kind, sorted (for error messages and `validate`). */
  types(kind: Kind): string[] {
    return [...(this.byKind.get(kind)?.keys() ?? [])].sort();
  }
}
