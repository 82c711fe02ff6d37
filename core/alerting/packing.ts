/**
 * Fitting messages into providers' byte limits (WeCom 4096 B, DingTalk 20000 B, Feishu 20 KB):
 * items are grouped into numbered parts, whatever does not fit in the last allowed part is
 * counted as "+N more", and a single oversized item is cut at a UTF-8 character boundary.
 */

const encoder = new TextEncoder();

/** UTF-8 length of a string. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** `text` cut to at most `maxBytes` of UTF-8, ending with `marker` when it was cut. */
export function truncateUtf8(text: string, maxBytes: number, marker = '…'): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  const room = Math.max(0, maxBytes - utf8Bytes(marker));
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = utf8Bytes(char);
    if (bytes + size > room) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end) + marker;
}

/** `text` cut to at most `max` characters (code points), for SMS variables. */
export function truncateChars(text: string, max: number, marker = '…'): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return chars.slice(0, Math.max(0, max - [...marker].length)).join('') + marker;
}

/** Where a part sits: `index` from 1, `total` parts, `more` items left out after the last. */
export interface PartInfo {
  index: number;
  total: number;
  more: number;
}

export interface GroupOptions<T> {
  items: readonly T[];
  /** Bytes of the part built from these items (the provider body or the limited field). */
  measure: (items: readonly T[], part: PartInfo) => number;
  maxBytes: number;
  maxParts: number;
}

/**
 * The most items from `start` that fit (at least one), by binary search: measures grow with
 * the items, so a part costs O(log n) renders instead of one per item.
 */
function largestFit<T>(
  items: readonly T[],
  start: number,
  measure: (group: T[]) => number,
  maxBytes: number,
): number {
  const remaining = items.length - start;
  if (measure(items.slice(start)) <= maxBytes) return remaining;
  let lo = 1;
  let hi = remaining - 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (measure(items.slice(start, start + mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Items of one part and its place. A lone item may still measure over the limit: cut its text. */
export interface PartGroup<T> {
  items: readonly T[];
  part: PartInfo;
}

/**
 * Groups items greedily into at most `maxParts` parts that each measure within `maxBytes`;
 * items beyond the last part are counted in its `more`. Always returns at least one part.
 */
export function groupItems<T>(options: GroupOptions<T>): PartGroup<T>[] {
  const { items, measure, maxBytes } = options;
  const maxParts = Math.max(1, Math.min(options.maxParts, 99));
  // Sizes are measured with two-digit part numbers and a large "+N more", so the final,
  // smaller numbers can only make a part shorter.
  const probe: PartInfo = { index: 99, total: 99, more: 0 };
  const groups: T[][] = [];
  let next = 0;
  while (next < items.length && groups.length < maxParts) {
    const size = largestFit(items, next, (group) => measure(group, probe), maxBytes);
    groups.push(items.slice(next, next + size));
    next += size;
  }
  let more = items.length - next;
  const last = groups[groups.length - 1];
  if (more > 0 && last) {
    const withMore = (): PartInfo => ({ index: 99, total: 99, more: more + 99_999 });
    while (last.length > 1 && measure(last, withMore()) > maxBytes) {
      last.pop();
      more++;
    }
  }
  if (groups.length === 0) return [{ items: [], part: { index: 1, total: 1, more: 0 } }];
  return groups.map((group, i) => ({
    items: group,
    part: { index: i + 1, total: groups.length, more: i === groups.length - 1 ? more : 0 },
  }));
}
