/** The keyboard shortcuts, shown with `?`. */
import { useEffect, useRef } from 'react';

const SHORTCUTS: readonly [string, string][] = [
  ['↑ / ↓', 'Previous / next span'],
  ['Enter', 'Open or close the span details'],
  ['← / →', 'Collapse / expand the span (or go to its parent / first child)'],
  ['Home / End', 'First / last span'],
  ['/', 'Search in the trace'],
  ['Enter / Shift+Enter in search', 'Next / previous match'],
  ['Esc', 'Close the details, leave the search box'],
  ['?', 'This help'],
];

export function ShortcutsHelp({ onClose }: { readonly onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d !== null && !d.open && typeof d.showModal === 'function') d.showModal();
  }, []);
  return (
    <dialog ref={ref} className="help-dialog" onClose={onClose} aria-labelledby="help-title">
      <h2 id="help-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
