/**
 * Alertmanager-style label matchers: `name="value"`, `name!="value"`, `name=~"regex"`,
 * `name!~"regex"`. Regexes are anchored at both ends as in Alertmanager; a missing label
 * matches as the empty string.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface Matcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Compiled, anchored regex for `=~` and `!~`. */
  regex?: RegExp;
}

const MATCHER = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/;

/** Parses one matcher; throws an Error whose message says what is wrong. */
export function parseMatcher(text: string): Matcher {
  const m = MATCHER.exec(text);
  if (!m) throw new Error(`bad matcher ${JSON.stringify(text)}: expected name="value" with = != =~ or !~`);
  const name = m[1]!;
  const op = m[2] as MatchOp;
  const value = unquote(m[3]!);
  if (op === '=~' || op === '!~') {
    try {
      return { name, op, value, regex: new RegExp(`^(?:${value})$`, 'u') };
    } catch (error) {
      throw new Error(`bad regex in matcher ${JSON.stringify(text)}: ${(error as Error).message}`);
    }
  }
  return { name, op, value };
}

function unquote(raw: string): string {
  if (raw.length >= 2 && raw.startsWith('"') && raw.endsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }
  return raw;
}

/** Whether one matcher accepts the labels. */
export function matches(matcher: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labels[matcher.name] ?? '';
  switch (matcher.op) {
    case '=':
      return actual === matcher.value;
    case '!=':
      return actual !== matcher.value;
    case '=~':
      return matcher.regex?.test(actual) ?? false;
    case '!~':
      return !(matcher.regex?.test(actual) ?? false);
  }
}

/** Whether every matcher accepts the labels (an empty list accepts everything). */
export function matchesAll(list: readonly Matcher[], labels: Readonly<Record<string, string>>): boolean {
  return list.every((m) => matches(m, labels));
}

/** Renders a matcher back to its text form. */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}${JSON.stringify(m.value)}`;
}
