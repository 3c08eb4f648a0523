/**
 * The search form. It edits a draft; "Find traces" writes the draft into the URL,
 * which is what the page searches (so the URL always says what is shown).
 */
import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { LOOKBACKS, searchStateToUrl, validateSearch, type SearchState } from '../lib/search-params';
import { useAsync } from '../lib/use-async';
import { navigate } from '../router';

const KINDS = ['server', 'client', 'producer', 'consumer', 'internal'] as const;
const STATUSES = [
  { value: 'error', label: 'Error' },
  { value: 'ok', label: 'OK' },
  { value: 'unset', label: 'Unset' },
] as const;

const pad = (n: number): string => String(n).padStart(2, '0');

/** Unix ms <-> the value of an <input type="datetime-local"> (local time, minutes). */
function msToLocalInput(ms: string): string {
  const n = Number(ms);
  if (ms === '' || !Number.isFinite(n)) return '';
  const d = new Date(n);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function localInputToMs(text: string): string {
  const t = new Date(text).getTime();
  return Number.isFinite(t) ? String(t) : '';
}

export function SearchForm({ initial }: { readonly initial: SearchState }) {
  const [draft, setDraft] = useState<SearchState>(() => (initial.attrs.length === 0 ? { ...initial, attrs: [''] } : initial));
  const [problems, setProblems] = useState<string[]>([]);
  const services = useAsync('services', (signal) => api.services(signal));
  const operations = useAsync(draft.service === '' ? null : `ops:${draft.service}`, (signal) => api.operations(draft.service, signal));

  const set = <K extends keyof SearchState>(key: K, value: SearchState[K]): void => setDraft((d) => ({ ...d, [key]: value }));

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const found = validateSearch(draft);
    setProblems(found);
    if (found.length > 0) return;
    navigate(`/search?${searchStateToUrl(draft).toString()}`);
  };

  const serviceNames = services.status === 'done' ? services.value : [];
  const serviceOptions = draft.service !== '' && !serviceNames.includes(draft.service) ? [draft.service, ...serviceNames] : serviceNames;
  const operationNames = operations.status === 'done' ? [...new Set(operations.value.map((o) => o.name))] : [];
  const operationOptions = draft.operation !== '' && !operationNames.includes(draft.operation) ? [draft.operation, ...operationNames] : operationNames;

  return (
    <form className="search-form" onSubmit={submit} aria-label="Search traces" noValidate>
      <label>
        Service
        <select value={draft.service} onChange={(e) => setDraft((d) => ({ ...d, service: e.target.value, operation: '' }))} name="service">
          <option value="">All services</option>
          {serviceOptions.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {services.status === 'error' && <span className="field-problem">Could not load services: {services.error.message}</span>}
      </label>
      <label>
        Operation
        <select value={draft.operation} onChange={(e) => set('operation', e.target.value)} name="operation" disabled={draft.service === ''}>
          <option value="">{draft.service === '' ? 'Choose a service first' : 'All operations'}</option>
          {operationOptions.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <div className="form-row">
        <label>
          Span kind
          <select value={draft.spanKind} onChange={(e) => set('spanKind', e.target.value)} name="spanKind">
            <option value="">Any</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={draft.status} onChange={(e) => set('status', e.target.value)} name="status">
            <option value="">Any</option>
            {STATUSES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="attr-filters">
        <legend>Attributes</legend>
        {draft.attrs.map((a, i) => (
          <div className="attr-row" key={i}>
            <input
              type="text"
              value={a}
              placeholder="key=value, e.g. http.response.status_code=500"
              aria-label={`Attribute filter ${i + 1}`}
              name="attr"
              spellCheck={false}
              onChange={(e) => set('attrs', draft.attrs.map((x, j) => (j === i ? e.target.value : x)))}
            />
            <button
              type="button"
              className="icon-button"
              aria-label={`Remove attribute filter ${i + 1}`}
              onClick={() => set('attrs', draft.attrs.length === 1 ? [''] : draft.attrs.filter((_, j) => j !== i))}
            >
              ×
            </button>
          </div>
        ))}
        <button type="button" className="link-button" onClick={() => set('attrs', [...draft.attrs, ''])}>
          + Add attribute filter
        </button>
      </fieldset>
      <div className="form-row">
        <label>
          Min duration
          <input type="text" value={draft.minDuration} placeholder="e.g. 100ms" onChange={(e) => set('minDuration', e.target.value)} name="minDuration" />
        </label>
        <label>
          Max duration
          <input type="text" value={draft.maxDuration} placeholder="e.g. 2s" onChange={(e) => set('maxDuration', e.target.value)} name="maxDuration" />
        </label>
      </div>
      <label>
        Time range
        <select value={draft.lookback} onChange={(e) => set('lookback', e.target.value)} name="lookback">
          {LOOKBACKS.map((l) => (
            <option key={l.value} value={l.value}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
      {draft.lookback === 'custom' && (
        <div className="form-row form-row-stacked">
          <label>
            From
            <input type="datetime-local" value={msToLocalInput(draft.start)} onChange={(e) => set('start', localInputToMs(e.target.value))} name="start" />
          </label>
          <label>
            To
            <input type="datetime-local" value={msToLocalInput(draft.end)} onChange={(e) => set('end', localInputToMs(e.target.value))} name="end" />
          </label>
        </div>
      )}
      <label>
        Limit
        <input type="number" min={1} max={1500} value={draft.limit} onChange={(e) => set('limit', e.target.value)} name="limit" />
      </label>
      {problems.length > 0 && (
        <ul className="form-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <button type="submit" className="primary">
        Find traces
      </button>
    </form>
  );
}
