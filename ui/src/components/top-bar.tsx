/** The header on every page: the sections and the trace-id box that jumps to a trace. */
import { useState, type FormEvent } from 'react';
import { normalizeTraceId } from '../lib/safe-url';
import { Link, navigate, useLocation } from '../router';

export function TopBar({ onHelp }: { readonly onHelp: () => void }) {
  const { pathname } = useLocation();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const id = normalizeTraceId(text);
    if (id === null) {
      setProblem('A trace id is 1 to 32 hex digits.');
      return;
    }
    setProblem(null);
    setText('');
    navigate(`/trace/${id}`);
  };

  const section = pathname.startsWith('/services') ? 'services' : pathname.startsWith('/logs') ? 'logs' : pathname.startsWith('/sampling') ? 'sampling' : pathname.startsWith('/trace') ? 'trace' : 'search';
  return (
    <header className="top-bar">
      <Link to="/search" className="brand" aria-label="Ariadne home">
        <img src="/favicon.svg" alt="" width={22} height={22} />
        Ariadne
      </Link>
      <nav aria-label="Sections">
        <Link to="/search" aria-current={section === 'search' ? 'page' : undefined}>
          Search
        </Link>
        <Link to="/services" aria-current={section === 'services' ? 'page' : undefined}>
          Services
        </Link>
        <Link to="/logs" aria-current={section === 'logs' ? 'page' : undefined}>
          Logs
        </Link>
        <Link to="/sampling" aria-current={section === 'sampling' ? 'page' : undefined}>
          Sampling
        </Link>
      </nav>
      <form className="trace-jump" onSubmit={submit} role="search" aria-label="Jump to a trace">
        <input
          type="text"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
          placeholder="Trace ID"
          aria-label="Trace ID"
          aria-invalid={problem !== null}
          spellCheck={false}
          autoComplete="off"
          data-testid="trace-id-input"
        />
        <button type="submit">Go</button>
        {problem !== null && (
          <span className="field-problem" role="alert">
            {problem}
          </span>
        )}
      </form>
      <button type="button" className="help-button" onClick={onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
        ?
      </button>
    </header>
  );
}
