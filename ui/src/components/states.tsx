/** What a page shows while it waits, when it failed, and when there is nothing. */
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

export function Loading({ what }: { readonly what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {what}
    </div>
  );
}

export function ErrorState({ title, error, onRetry }: { readonly title: string; readonly error: Error; readonly onRetry?: () => void }) {
  const status = error instanceof ApiError && error.status > 0 ? ` (HTTP ${error.status})` : '';
  return (
    <div className="state state-error" role="alert">
      <strong>{title}</strong>
      <p>
        {error.message}
        {status}
      </p>
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="state state-empty" role="status">
      <strong>{title}</strong>
      {children !== undefined && <div>{children}</div>}
    </div>
  );
}
