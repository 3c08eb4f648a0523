import { EmptyState } from '../components/states';
import { Link } from '../router';

export function NotFoundPage() {
  return (
    <EmptyState title="There is no page at this address.">
      Go to <Link to="/search">Search</Link> or <Link to="/services">Services</Link>.
    </EmptyState>
  );
}
