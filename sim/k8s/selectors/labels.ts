/**
 * Label selectors: the string form of `?labelSelector=` (k8s.io/apimachinery/pkg/labels grammar:
 * `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`, comma = AND)
 * and the object form of `spec.selector` (matchLabels + matchExpressions).
 */
import type { LabelSelectorObject } from '../types.js';

/** One requirement of a selector. */
export interface LabelRequirement {
  key: string;
  op: 'eq' | 'neq' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';
  values: string[];
}

/** A parsed selector; an empty list of requirements selects everything. */
export interface LabelSelector {
  requirements: LabelRequirement[];
}

/** Thrown for a selector that does not parse; the message is what the server sends (400). */
export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'op'; v: '=' | '==' | '!=' | '!' | '>' | '<' | '(' | ')' | ',' }
  | { t: 'in' | 'notin' };

const SPECIAL = new Set(['=', '!', '(', ')', ',', '>', '<', ' ', '\t', '\n']);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
    } else if (c === '=' || c === '!') {
      const two = input.slice(i, i + 2);
      if (two === '==' || two === '!=') {
        tokens.push({ t: 'op', v: two });
        i += 2;
      } else {
        tokens.push({ t: 'op', v: c });
        i++;
      }
    } else if (SPECIAL.has(c)) {
      tokens.push({ t: 'op', v: c as '(' | ')' | ',' | '>' | '<' });
      i++;
    } else {
      let j = i;
      while (j < input.length && !SPECIAL.has(input[j] ?? '')) j++;
      const word = input.slice(i, j);
      tokens.push(word === 'in' ? { t: 'in' } : word === 'notin' ? { t: 'notin' } : { t: 'id', v: word });
      i = j;
    }
  }
  return tokens;
}

function describe(token: Token | undefined): string {
  if (!token) return 'EOS';
  return token.t === 'id' || token.t === 'op' ? token.v : token.t;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

function checkKey(key: string): void {
  if (key.length === 0 || key.length > 316 || !LABEL_KEY.test(key)) {
    throw new SelectorParseError(
      `unable to parse requirement: key: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

function checkValue(key: string, value: string): void {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw new SelectorParseError(
      `unable to parse requirement: values[0][${key}]: Invalid value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  private fail(found: Token | undefined, expected: string): never {
    throw new SelectorParseError(
      `unable to parse requirement: found '${describe(found)}', expected: ${expected}`,
    );
  }

  parse(): LabelRequirement[] {
    const out: LabelRequirement[] = [];
    if (this.peek() === undefined) return out;
    for (;;) {
      out.push(this.requirement());
      const t = this.next();
      if (t === undefined) return out;
      if (!(t.t === 'op' && t.v === ',')) this.fail(t, "',' or 'end of string'");
    }
  }

  private requirement(): LabelRequirement {
    let t = this.next();
    if (t?.t === 'op' && t.v === '!') {
      t = this.next();
      if (t?.t !== 'id') this.fail(t, 'identifier');
      checkKey(t.v);
      return { key: t.v, op: '!', values: [] };
    }
    if (t?.t !== 'id') this.fail(t, 'identifier');
    const key = t.v;
    checkKey(key);
    const op = this.peek();
    if (op === undefined || (op.t === 'op' && op.v === ',')) return { key, op: 'exists', values: [] };
    this.next();
    if (op.t === 'in' || op.t === 'notin') return { key, op: op.t, values: this.set(key) };
    if (op.t !== 'op') this.fail(op, "'=', '!=', '==', 'in', notin'");
    const value = this.value(key);
    switch (op.v) {
      case '=':
      case '==':
        return { key, op: 'eq', values: [value] };
      case '!=':
        return { key, op: 'neq', values: [value] };
      case '>':
      case '<':
        if (!/^-?\d+$/.test(value)) {
          throw new SelectorParseError(
            `unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`,
          );
        }
        return { key, op: op.v === '>' ? 'gt' : 'lt', values: [value] };
      case ',':
      case '!':
      case '(':
      case ')':
        return this.fail(op, "'=', '!=', '==', 'in', notin'");
    }
  }

  private value(key: string): string {
    const t = this.peek();
    if (t?.t === 'id') {
      this.next();
      checkValue(key, t.v);
      return t.v;
    }
    if (t === undefined || (t.t === 'op' && t.v === ',')) return '';
    return this.fail(t, 'identifier');
  }

  private set(key: string): string[] {
    const open = this.next();
    if (!(open?.t === 'op' && open.v === '(')) this.fail(open, "'('");
    const values: string[] = [];
    for (;;) {
      const t = this.next();
      if (t?.t === 'id') {
        checkValue(key, t.v);
        values.push(t.v);
        const sep = this.next();
        if (sep?.t === 'op' && sep.v === ')') return values;
        if (!(sep?.t === 'op' && sep.v === ',')) this.fail(sep, "',' or ')'");
      } else if (t?.t === 'op' && t.v === ')') {
        return values;
      } else {
        this.fail(t, "',', ')' or identifier");
      }
    }
  }
}

/** Parses the `labelSelector` query parameter. Throws SelectorParseError. */
export function parseLabelSelector(text: string): LabelSelector {
  return { requirements: new Parser(lex(text)).parse() };
}

function matchesRequirement(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.op) {
    case 'eq':
    case 'in':
      return value !== undefined && r.values.includes(value);
    case 'neq':
    case 'notin':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const n = Number(value);
      const bound = Number(r.values[0]);
      return r.op === 'gt' ? n > bound : n < bound;
    }
  }
}

/** True when every requirement holds for these labels. */
export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const set = labels ?? {};
  return selector.requirements.every((r) => matchesRequirement(r, set));
}

/** Converts `spec.selector` (matchLabels + matchExpressions) to requirements. */
export function selectorFromObject(obj: LabelSelectorObject | undefined): LabelSelector {
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(obj?.matchLabels ?? {})) {
    requirements.push({ key, op: 'eq', values: [value] });
  }
  for (const e of obj?.matchExpressions ?? []) {
    const op = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' }[e.operator];
    if (op === undefined)
      throw new SelectorParseError(`"${e.operator}" is not a valid label selector operator`);
    requirements.push({ key: e.key, op: op as LabelRequirement['op'], values: [...(e.values ?? [])] });
  }
  return { requirements };
}

/** The canonical string form (requirements sorted by key), as metav1.FormatLabelSelector prints it. */
export function formatLabelSelector(selector: LabelSelector): string {
  const parts = [...selector.requirements]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => {
      const values = [...r.values].sort();
      switch (r.op) {
        case 'eq':
          return `${r.key}=${values[0]}`;
        case 'neq':
          return `${r.key}!=${values[0]}`;
        case 'in':
          return `${r.key} in (${values.join(',')})`;
        case 'notin':
          return `${r.key} notin (${values.join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
        case 'gt':
          return `${r.key}>${values[0]}`;
        case 'lt':
          return `${r.key}<${values[0]}`;
      }
    });
  return parts.join(',');
}
