/** The shell: top bar, the page for the current route, the shortcuts help. */
import { useEffect, useState } from 'react';
import { api } from './api/client';
import { ShortcutsHelp } from './components/shortcuts-help';
import { registerServices } from './lib/colors';
import { useAsync } from './lib/use-async';
import { TopBar } from './components/top-bar';
import { LogsPage } from './pages/logs-page';
import { NotFoundPage } from './pages/not-found-page';
import { SamplingPage } from './pages/sampling-page';
import { SearchPage } from './pages/search-page';
import { ServicesPage } from './pages/services-page';
import { TracePage } from './pages/trace-page';
import { navigate, useLocation } from './router';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return el !== null && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function App() {
  const location = useLocation();
  const [help, setHelp] = useState(false);
  // Colours follow the sorted service list, so they agree on every page.
  const services = useAsync('app:services', (signal) => api.services(signal));
  if (services.status === 'done') registerServices(services.value);

  useEffect(() => {
    if (location.pathname === '/') navigate('/search', { replace: true });
  }, [location.pathname]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === '?' && !isTyping(e.target) && !e.ctrlKey && !e.metaKey) {
        e.preventDefault();
        setHelp(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const trace = /^\/trace\/([^/]+)\/?$/.exec(location.pathname);
  let page;
  if (location.pathname === '/' || location.pathname === '/search' || location.pathname === '/search/') page = <SearchPage location={location} />;
  else if (location.pathname === '/services' || location.pathname === '/services/') page = <ServicesPage location={location} />;
  else if (location.pathname === '/logs' || location.pathname === '/logs/') page = <LogsPage location={location} />;
  else if (location.pathname === '/sampling' || location.pathname === '/sampling/') page = <SamplingPage location={location} />;
  else if (trace !== null) page = <TracePage key={trace[1]} traceIdText={safeDecode(trace[1] ?? '')} location={location} />;
  else page = <NotFoundPage />;

  return (
    <div className="app">
      <TopBar onHelp={() => setHelp(true)} />
      <main className="page">{page}</main>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
