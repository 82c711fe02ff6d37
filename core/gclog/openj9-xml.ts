/**
 * Just enough XML for OpenJ9 / IBM J9 `-Xverbosegclog` output: the JVM writes one element per
 * line with double-quoted attributes and no CDATA, so tags can be read line by line with a
 * regular expression, without an XML library and without holding the document.
 */

/** One start, end or empty-element tag found in a line. */
export interface XmlTag {
  name: string;
  /** `</name>` */
  closing: boolean;
  /** The raw attribute text, read on demand with `attrs()`. */
  rawAttrs: string;
}

const TAG = /<(\/?)([A-Za-z][\w-]*)([^>]*)>/g;
const ATTR = /([\w:-]+)="([^"]*)"/g;

/** The tags of one line, in order. */
export function tagsOf(line: string): XmlTag[] {
  if (!line.includes('<')) return [];
  const tags: XmlTag[] = [];
  for (const m of line.matchAll(TAG)) {
    tags.push({ name: m[2] ?? '', closing: m[1] === '/', rawAttrs: m[3] ?? '' });
  }
  return tags;
}

/** Attributes of a tag by name (the five predefined entities are decoded). */
export function attrs(tag: XmlTag): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of tag.rawAttrs.matchAll(ATTR)) {
    if (m[1] !== undefined) map.set(m[1], decodeEntities(m[2] ?? ''));
  }
  return map;
}

function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}

const TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,3}))?(Z|[+-]\d\d:?\d\d)?$/;

/**
 * An OpenJ9 `timestamp` attribute (`2015-12-31T15:22:46.957`) to ms since the epoch. The JVM
 * writes its local time without a zone, so the caller says which offset that local time has;
 * a zone in the text, if a future version adds one, wins. NaN when unreadable.
 */
export function parseTimestamp(text: string | undefined, utcOffsetMinutes: number): number {
  const m = text === undefined ? null : TIMESTAMP.exec(text);
  if (!m) return Number.NaN;
  const local = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    Number((m[7] ?? '0').padEnd(3, '0')),
  );
  return local - zoneMinutes(m[8], utcOffsetMinutes) * 60_000;
}

function zoneMinutes(zone: string | undefined, fallback: number): number {
  if (zone === undefined) return fallback;
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith('-') ? -minutes : minutes;
}

/** A size attribute: decimal bytes or `0x`-prefixed hex (`maxHeapSize="0x20000000"`). */
export function parseBytes(text: string | undefined): number {
  if (text === undefined || text === '') return Number.NaN;
  return /^0x[0-9a-f]+$/i.test(text) ? Number.parseInt(text.slice(2), 16) : Number(text);
}
