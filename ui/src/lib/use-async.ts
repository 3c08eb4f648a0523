/** Runs an async load when its key changes, aborting the previous one; states for the UI. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

export type AsyncState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly value: T }
  | { readonly status: 'error'; readonly error: Error };

export function useAsync<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>, retry = 0): AsyncState<T> {
  // The state remembers which key (and retry) it belongs to, so a new key never shows the old answer.
  const tag = key === null ? null : `${retry}\u0000${key}`;
  const [state, setState] = useState<{ readonly tag: string | null; readonly value: AsyncState<T> }>({ tag: null, value: { status: 'idle' } });
  useEffect(() => {
    if (tag === null) return;
    const controller = new AbortController();
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ tag, value: { status: 'done', value } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ tag, value: { status: 'error', error: error instanceof Error ? error : new Error(String(error)) } });
      },
    );
    return () => controller.abort();
    // `load` is a new function every render; `tag` says when it means something else.
  }, [tag]); // eslint-disable-line react-hooks/exhaustive-deps
  if (tag === null) return { status: 'idle' };
  return state.tag === tag ? state.value : { status: 'loading' };
}

/** Width of an element, following resizes. */
export function useElementWidth(el: HTMLElement | null, fallback = 800): number {
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    if (el === null) return;
    setWidth(el.clientWidth || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth || fallback));
    ro.observe(el);
    return () => ro.disconnect();
  }, [el, fallback]);
  return width;
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return settled;
}

/** A function whose identity never changes but that always runs the latest `fn` (keeps memoized rows from re-rendering). */
export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const ref = useRef(fn);
  useLayoutEffect(() => {
    ref.current = fn;
  });
  return useCallback((...args: A) => ref.current(...args), []);
}
