/**
 * The small pattern language of NAS file names: literal text plus four placeholders.
 *
 * | placeholder | matches |
 * |---|---|
 * | `{pod}`   | a Kubernetes pod name (lower-case alphanumerics, `-`, `.`; checked afterwards) |
 * | `{start}` | the HotSpot `%t` expansion `%Y-%m-%d_%H-%M-%S` |
 * | `{n}`     | one or more ASCII digits |
 * | `{any}`   | anything, also nothing |
 *
 * Everything else is literal, including `%t` (HotSpot leaves it unexpanded in `-XX:HeapDumpPath`)
 * and regex metacharacters. A pattern compiles once into anchored regular expressions; matching
 * a name never builds a regex, because classification runs over a million files.
 */

/** A placeholder name, without braces. */
export type Placeholder = 'pod' | 'start' | 'n' | 'any';

/** One piece of a pattern. */
export type PatternToken = { readonly literal: string } | { readonly placeholder: Placeholder };

const PLACEHOLDER_SOURCE: Readonly<Record<Placeholder, string>> = {
  // Deliberately wider than DNS-1123 (allows `..`, a trailing `-`); `isValidPodName` checks after.
  pod: '[a-z0-9][a-z0-9.-]*',
  start: '\\d{4}-\\d{2}-\\d{2}_\\d{2}-\\d{2}-\\d{2}',
  n: '\\d+',
  any: '[\\s\\S]*',
};

/** A pattern ready for matching. */
export interface CompiledPattern {
  /** The pattern as written. */
  readonly source: string;
  readonly hasPod: boolean;
  /** Literal text every matching name starts with: a cheap filter before any regex. */
  readonly head: string;
  /** Literal text every matching name ends with. */
  readonly tail: string;
  /** The whole name, taking the longest pod a match allows. */
  readonly longest: RegExp;
  /** Capture group numbers of `{pod}` and `{start}` (0 when absent); numbered groups are cheaper than named. */
  readonly podGroup: number;
  readonly startGroup: number;
  /** The whole name, taking the shortest pod a match allows. Equal pods mean one reading only. */
  readonly shortest: RegExp | undefined;
  /** What must follow the pod, anchored at both ends (for matching against live pod names). */
  readonly afterPod: RegExp | undefined;
  /**
   * The first character after the pod when the text after `{pod}` starts with a literal; `''`
   * when `{pod}` ends the pattern; undefined when a placeholder follows `{pod}` directly.
   */
  readonly afterPodFirst: string | undefined;
  /** True when `{any}` follows `{pod}`: then the name alone never tells where the pod ends. */
  readonly podOpenEnded: boolean;
}

/** What one pattern read from a name. */
export interface PatternMatch {
  /** The pod this pattern reads, when it has `{pod}` and only one reading is possible. */
  readonly pod?: string;
  /** The pattern has `{pod}` but the name allows several pod readings. */
  readonly podAmbiguous: boolean;
  /** The `{start}` text, when the pattern has one. */
  readonly start?: string;
}

/** Splits a pattern into tokens, listing every problem (unknown placeholder, stray brace). */
export function tokenizePattern(source: string): { tokens: PatternToken[]; problems: string[] } {
  const tokens: PatternToken[] = [];
  const problems: string[] = [];
  let literal = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '}') {
      problems.push(`stray "}" at offset ${i}; literal braces are not supported`);
      i++;
    } else if (ch === '{') {
      const close = source.indexOf('}', i);
      const name = close < 0 ? undefined : source.slice(i + 1, close);
      if (name === undefined) {
        problems.push(`unclosed "{" at offset ${i}`);
        break;
      }
      if (isPlaceholder(name)) {
        if (literal !== '') tokens.push({ literal });
        literal = '';
        tokens.push({ placeholder: name });
      } else {
        problems.push(`unknown placeholder {${name}}; expected one of: {pod}, {start}, {n}, {any}`);
      }
      i = close + 1;
    } else {
      literal += ch;
      i++;
    }
  }
  if (literal !== '') tokens.push({ literal });
  return { tokens, problems };
}

/**
 * Every problem of one pattern: syntax, a name that cannot occur (`/`, NUL, empty), more than
 * one `{pod}` or `{start}`, a placeholder before `{pod}` (owner matching needs a literal head),
 * a pattern that matches every name, and a missing `{pod}` when `requirePod`.
 */
export function patternProblems(source: string, requirePod: boolean): string[] {
  if (typeof source !== 'string') return ['expected a string'];
  if (source === '') return ['empty pattern'];
  const { tokens, problems } = tokenizePattern(source);
  if (source.includes('/')) problems.push('a pattern names one file: "/" is not allowed');
  if (source.includes('\0')) problems.push('NUL is not allowed');
  const count = (p: Placeholder): number =>
    tokens.filter((t) => 'placeholder' in t && t.placeholder === p).length;
  if (count('pod') > 1) problems.push('{pod} may appear once');
  if (count('start') > 1) problems.push('{start} may appear once');
  const podAt = tokens.findIndex((t) => 'placeholder' in t && t.placeholder === 'pod');
  if (podAt > 0 && tokens.slice(0, podAt).some((t) => 'placeholder' in t)) {
    problems.push('only literal text may come before {pod}');
  }
  if (requirePod && podAt < 0) problems.push('missing {pod}: the owner pod must be recoverable');
  if (tokens.length > 0 && tokens.every((t) => 'placeholder' in t && t.placeholder === 'any')) {
    problems.push('the pattern matches every name');
  }
  return problems;
}

/** Compiles a pattern that `patternProblems` accepted. */
export function compilePattern(source: string): CompiledPattern {
  const { tokens } = tokenizePattern(source);
  const podAt = tokens.findIndex((t) => 'placeholder' in t && t.placeholder === 'pod');
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  const head = first !== undefined && 'literal' in first ? first.literal : '';
  const tail = last !== undefined && 'literal' in last ? last.literal : '';
  const afterTokens = podAt < 0 ? [] : tokens.slice(podAt + 1);
  const next = afterTokens[0];
  const groups = tokens.filter(
    (t) => 'placeholder' in t && (t.placeholder === 'pod' || t.placeholder === 'start'),
  );
  const groupOf = (p: Placeholder): number =>
    groups.findIndex((t) => 'placeholder' in t && t.placeholder === p) + 1;
  return {
    source,
    hasPod: podAt >= 0,
    podGroup: groupOf('pod'),
    startGroup: groupOf('start'),
    head,
    tail,
    longest: new RegExp(`^${toSource(tokens, false)}$`),
    shortest: podAt < 0 ? undefined : new RegExp(`^${toSource(tokens, true)}$`),
    afterPod: podAt < 0 ? undefined : new RegExp(`^${toSource(afterTokens, false)}$`),
    afterPodFirst: next === undefined ? '' : 'literal' in next ? next.literal.charAt(0) : undefined,
    podOpenEnded: afterTokens.some((t) => 'placeholder' in t && t.placeholder === 'any'),
  };
}

/** Matches a whole name against a compiled pattern; undefined when it does not match. */
export function matchPattern(pattern: CompiledPattern, name: string): PatternMatch | undefined {
  if (!name.startsWith(pattern.head) || !name.endsWith(pattern.tail)) return undefined;
  const m = pattern.longest.exec(name);
  if (m === null) return undefined;
  const start = pattern.startGroup === 0 ? undefined : m[pattern.startGroup];
  if (pattern.podGroup === 0) return start === undefined ? NO_POD : { podAmbiguous: false, start };
  const longestPod = m[pattern.podGroup]!;
  const ambiguous = pattern.podOpenEnded || pattern.shortest?.exec(name)?.[pattern.podGroup] !== longestPod;
  if (start === undefined) return ambiguous ? AMBIGUOUS : { podAmbiguous: false, pod: longestPod };
  return ambiguous ? { podAmbiguous: true, start } : { podAmbiguous: false, pod: longestPod, start };
}

const NO_POD: PatternMatch = { podAmbiguous: false };
const AMBIGUOUS: PatternMatch = { podAmbiguous: true };

/** Whether a whole name matches, without reading pod or start (cheaper than `matchPattern`). */
export function testPattern(pattern: CompiledPattern, name: string): boolean {
  return name.startsWith(pattern.head) && name.endsWith(pattern.tail) && pattern.longest.test(name);
}

/** The first pattern of a list that matches, with its reading. */
export function firstMatch(
  patterns: readonly CompiledPattern[],
  name: string,
): { pattern: CompiledPattern; match: PatternMatch } | undefined {
  for (const pattern of patterns) {
    const match = matchPattern(pattern, name);
    if (match !== undefined) return { pattern, match };
  }
  return undefined;
}

function isPlaceholder(name: string): name is Placeholder {
  return name === 'pod' || name === 'start' || name === 'n' || name === 'any';
}

function toSource(tokens: readonly PatternToken[], shortestPod: boolean): string {
  let out = '';
  for (const token of tokens) {
    if ('literal' in token) {
      out += escapeRegExp(token.literal);
    } else if (token.placeholder === 'pod') {
      out += `(${PLACEHOLDER_SOURCE.pod}${shortestPod ? '?' : ''})`;
    } else if (token.placeholder === 'start') {
      out += `(${PLACEHOLDER_SOURCE.start})`;
    } else {
      out += PLACEHOLDER_SOURCE[token.placeholder];
    }
  }
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
