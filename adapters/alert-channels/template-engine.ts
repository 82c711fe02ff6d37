import { Liquid } from 'liquidjs';
import { builtinMarkdown, builtinText, builtinTitle } from '../../core/alerting/builtin-template.js';
import { partView, type AlertView, type MessageView } from '../../core/alerting/message.js';
import { groupItems, truncateUtf8, utf8Bytes, type PartInfo } from '../../core/alerting/packing.js';
import type { TemplateConfig } from '../../core/alerting/routes-schema.js';

/**
 * Liquid (a template language designed for untrusted authors: no code execution, own
 * properties only) with parse, render-time and memory limits, so a template can neither reach
 * the process nor stall the router.
 */
const liquid = new Liquid({
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: 100_000,
  renderLimit: 500,
  memoryLimit: 20_000_000,
  cache: 256,
});

/** Renders one Liquid template; throws on syntax, unknown filter or limit errors. */
export function renderLiquid(source: string, context: object): string {
  return liquid.parseAndRenderSync(source, context) as string;
}

export type BodyFormat = 'markdown' | 'text';

/** One part ready to encode. */
export interface RenderedPart {
  title: string;
  text: string;
  alerts: readonly AlertView[];
  part: PartInfo;
}

export interface RenderPartsOptions {
  view: MessageView;
  template?: TemplateConfig | undefined;
  format: BodyFormat;
  /** Bytes of the encoded part (the whole provider body, or the limited field). */
  measure: (title: string, text: string) => number;
  maxBytes: number;
  maxParts: number;
}

/**
 * Renders a message as parts that fit the channel. A template that fails anywhere is dropped
 * for the whole message in favour of the built-in layout, and the error is returned to report.
 */
export function renderParts(options: RenderPartsOptions): { parts: RenderedPart[]; templateError?: string } {
  let templateError: string | undefined;
  const render = (alerts: readonly AlertView[], part: PartInfo): { title: string; text: string } => {
    const view = partView(options.view, alerts, part);
    const builtin = (): { title: string; text: string } => ({
      title: builtinTitle(view),
      text: options.format === 'markdown' ? builtinMarkdown(view) : builtinText(view),
    });
    if (templateError !== undefined || (!options.template?.title && !options.template?.text))
      return builtin();
    try {
      const fallback = builtin();
      return {
        title: options.template.title ? renderLiquid(options.template.title, view) : fallback.title,
        text: options.template.text ? renderLiquid(options.template.text, view) : fallback.text,
      };
    } catch (error) {
      templateError = (error as Error).message;
      return builtin();
    }
  };
  const measureGroup = (alerts: readonly AlertView[], part: PartInfo): number => {
    const { title, text } = render(alerts, part);
    return options.measure(title, text);
  };
  const groups = groupItems({
    items: options.view.alerts,
    measure: measureGroup,
    maxBytes: options.maxBytes,
    maxParts: options.maxParts,
  });
  const parts = groups.map(({ items, part }) => {
    const { title, text } = render(items, part);
    return { title, text: fitText(title, text, options), alerts: items, part };
  });
  return templateError !== undefined ? { parts, templateError } : { parts };
}

/** Cuts the text until the encoded part fits (escaping can make bytes grow, hence the loop). */
function fitText(title: string, text: string, options: RenderPartsOptions): string {
  let fitted = text;
  for (let i = 0; i < 4 && options.measure(title, fitted) > options.maxBytes; i++) {
    const excess = options.measure(title, fitted) - options.maxBytes;
    fitted = truncateUtf8(fitted, Math.max(0, utf8Bytes(fitted) - excess - 64), '…(truncated)');
  }
  return fitted;
}
