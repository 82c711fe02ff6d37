import { stringify } from 'yaml';

/**
 * Demo alerts on metrics the demo exporter really produces. A heap-dump counter series is born
 * at 1 (it is created with the first dump of a service), and `increase()` needs a sample before
 * the change, so the rule also fires for a series that did not exist ten minutes ago.
 */
export const DEMO_ALERT_RULES = {
  groups: [
    {
      name: 'opsctl-demo',
      rules: [
        {
          alert: 'HeapDumpCreated',
          expr:
            'increase(opsctl_heapdump_created_total[10m]) > 0 or ' +
            '(opsctl_heapdump_created_total unless opsctl_heapdump_created_total offset 10m)',
          labels: { severity: 'warning' },
          annotations: {
            summary:
              'new heap dump of {{ $labels.k8s_namespace }}/{{ $labels.service }} (an OutOfMemoryError?)',
          },
        },
        {
          alert: 'RegistryDrift',
          expr: 'opsctl_drift_instances > 0',
          for: '10s',
          labels: { severity: 'warning' },
          annotations: {
            summary:
              '{{ $value }} {{ $labels.kind }} instance(s) of {{ $labels.service }} ({{ $labels.reason }})',
          },
        },
        {
          alert: 'GcPauseTimeHigh',
          expr: 'sum by (k8s_namespace, service, pod) (rate(opsctl_gclog_pause_seconds_sum[1m])) > 0.05',
          for: '30s',
          labels: { severity: 'info' },
          annotations: {
            summary: '{{ $labels.pod }} spends {{ $value | humanizePercentage }} of its time in GC pauses',
          },
        },
      ],
    },
  ],
};

/** Prometheus scraping the exporter and evaluating the demo rules every `seconds`. */
export function prometheusConfig(
  exporterHostPort: string,
  alertmanagerHostPort: string,
  seconds: number,
): string {
  return stringify({
    global: { scrape_interval: `${seconds}s`, evaluation_interval: `${seconds}s` },
    rule_files: ['rules.yml'],
    alerting: { alertmanagers: [{ static_configs: [{ targets: [alertmanagerHostPort] }] }] },
    scrape_configs: [{ job_name: 'opsctl-demo', static_configs: [{ targets: [exporterHostPort] }] }],
  });
}

/** Alertmanager sending every group to the alert router's Alertmanager intake. */
export function alertmanagerConfig(routerUrl: string, groupWaitSeconds: number): string {
  return stringify({
    route: {
      receiver: 'opsctl-router',
      group_by: ['alertname'],
      group_wait: `${groupWaitSeconds}s`,
      group_interval: '30s',
      repeat_interval: '4h',
    },
    receivers: [
      {
        name: 'opsctl-router',
        webhook_configs: [{ url: `${routerUrl}/api/v1/alerts/alertmanager`, send_resolved: true }],
      },
    ],
  });
}

/** The router's routing file: everything to one generic webhook channel, the demo inbox. */
export function routerRoutes(inboxUrl: string): string {
  return stringify({
    channels: { inbox: { type: 'webhook', url: inboxUrl } },
    receivers: [{ name: 'demo', channels: ['inbox'] }],
    route: { receiver: 'demo' },
  });
}
