/** Where an alert came from. */
export type AlertSource = 'alertmanager' | 'nightingale';
export type AlertStatus = 'firing' | 'resolved';

/**
 * One alert, normalised from either source. `key` is unique per (alert, start, status) so that
 * retries, Alertmanager HA peers and repeats collapse into one event; `incident` is the same for
 * the firing and the resolved event of one alert occurrence.
 */
export interface AlertEvent {
  key: string;
  incident: string;
  source: AlertSource;
  status: AlertStatus;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Epoch ms. */
  startsAt: number;
  /** Epoch ms; only for resolved alerts (Alertmanager's 0001-01-01 placeholder is dropped). */
  endsAt?: number;
  generatorUrl?: string;
  /** Nightingale's trigger value while firing (on recovery it is stale, so it is dropped). */
  value?: string;
}

/** A payload field that failed validation, for the 400 answer. */
export interface PayloadIssue {
  field: string;
  message: string;
}

export type ParseResult = { ok: true; events: AlertEvent[] } | { ok: false; issues: PayloadIssue[] };

/** The severity of an event, from its `severity` label (default `warning`). */
export function severityOf(event: Pick<AlertEvent, 'labels'>): string {
  return event.labels.severity ?? 'warning';
}

/** Builds the stable keys of an event. */
export function eventKeys(
  source: AlertSource,
  identity: string,
  startsAt: number,
  status: AlertStatus,
): { key: string; incident: string } {
  const prefix = source === 'alertmanager' ? 'am' : 'n9e';
  const incident = `${prefix}-${identity}-${startsAt}`;
  return { incident, key: `${incident}-${status}` };
}
