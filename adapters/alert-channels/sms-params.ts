import { builtinTitle } from '../../core/alerting/builtin-template.js';
import type { MessageView } from '../../core/alerting/message.js';
import { truncateChars } from '../../core/alerting/packing.js';
import { renderLiquid } from './template-engine.js';

/** Aliyun's default length of one template variable (the whole SMS is capped at 500). */
export const SMS_PARAM_CHARS = 35;

/**
 * Renders SMS template variables. Each is cut to 35 characters; a failing template gives the
 * built-in title instead (reported, never dropped).
 */
export function renderSmsParams<T extends Record<string, string> | string[]>(
  templates: T,
  view: MessageView,
): { values: T; templateError?: string } {
  let templateError: string | undefined;
  const one = (source: string): string => {
    try {
      return truncateChars(renderLiquid(source, view).trim(), SMS_PARAM_CHARS);
    } catch (error) {
      templateError ??= (error as Error).message;
      return truncateChars(builtinTitle(view), SMS_PARAM_CHARS);
    }
  };
  const values = (
    Array.isArray(templates)
      ? templates.map(one)
      : Object.fromEntries(Object.entries(templates).map(([k, v]) => [k, one(v)]))
  ) as T;
  return templateError !== undefined ? { values, templateError } : { values };
}
