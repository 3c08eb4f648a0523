import { serviceColor } from '../lib/colors';

export function ServiceDot({ service }: { readonly service: string }) {
  return <span className="service-dot" style={{ backgroundColor: serviceColor(service) }} aria-hidden="true" />;
}

export function ServiceChip({ service, count }: { readonly service: string; readonly count?: number }) {
  return (
    <span className="service-chip">
      <ServiceDot service={service} />
      {service}
      {count !== undefined && <span className="chip-count">{count.toLocaleString('en-US')}</span>}
    </span>
  );
}
