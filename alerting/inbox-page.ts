import type { InboxEntry } from '../adapters/alert-channels/log-channel.js';

const escape = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A small HTML page of the messages `log` channels delivered, newest first (demo inbox). */
export function renderInboxHtml(entries: readonly InboxEntry[]): string {
  const items = entries
    .map(
      (e) =>
        `<article><h3>${escape(e.title)}</h3><p class="meta">${escape(new Date(e.at).toISOString())} · ${escape(e.receiver)} · ${e.keys
          .map((k) => `<a href="/api/v1/events/${encodeURIComponent(k)}">${escape(k)}</a>`)
          .join(' ')}</p><pre>${escape(e.text)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>opsctl alert inbox</title>
<style>body{font-family:sans-serif;max-width:60em;margin:auto}article{border-bottom:1px solid #ddd}.meta{color:#666;font-size:90%}pre{white-space:pre-wrap}</style></head>
<body><h1>Alert inbox</h1><p>${entries.length} message(s), refreshed every 5 s.</p>${items || '<p>No messages yet.</p>'}</body></html>`;
}
