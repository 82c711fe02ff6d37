import { z } from 'zod';
import { parseClock, WEEKDAY_NAMES } from './zoned-time.js';

/**
 * The routing file (`alertRouter.routesFile`): people, on-call rotations, quiet hours, channels,
 * receivers and the route tree. Shapes only; cross-references are checked in routes-config.ts.
 */

const clock = z.string().refine((s) => parseClock(s) !== undefined, { message: 'expected HH:MM' });
const weekday = z.enum(WEEKDAY_NAMES);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected YYYY-MM-DD' });
const nonEmpty = z.string().min(1);
const url = z.url({ protocol: /^https?$/ });

const rateWindow = z.object({ count: z.number().int().positive(), seconds: z.number().positive() }).strict();

const template = z.object({ title: z.string().optional(), text: z.string().optional() }).strict();

const channelCommon = {
  /** Sliding windows per robot (or per phone number for SMS); defaults per type in limits.ts. */
  limits: z.array(rateWindow).optional(),
  /** Resolved messages through this channel (routes can also opt out). */
  sendResolved: z.boolean().default(true),
  template: template.optional(),
  /** Most parts a long message is split into; the rest shows as "+N more". */
  maxParts: z.number().int().min(1).max(20).default(5),
};

const personSchema = z
  .object({
    mobile: z
      .string()
      .regex(/^\+?\d{5,20}$/, { message: 'expected digits, optionally with a leading +' })
      .optional(),
    dingtalkUserId: nonEmpty.optional(),
    wecomUserId: nonEmpty.optional(),
    feishuOpenId: nonEmpty.optional(),
    email: z.email().optional(),
  })
  .strict();

const rotationSchema = z
  .object({
    members: z.array(nonEmpty).min(1),
    handover: z
      .object({ every: z.enum(['daily', 'weekly']), at: clock.default('10:00'), weekday: weekday.optional() })
      .strict(),
    /** Local date of the first shift (the first member's). */
    start: date,
    overrides: z.array(z.object({ from: nonEmpty, to: nonEmpty, person: nonEmpty }).strict()).default([]),
  })
  .strict();

const quietHoursSchema = z
  .object({
    windows: z
      .array(z.object({ start: clock, end: clock, weekdays: z.array(weekday).min(1).optional() }).strict())
      .min(1),
    /** Severities that still page during quiet hours; the rest waits for the digest. */
    pageSeverities: z.array(nonEmpty).default(['critical']),
  })
  .strict();

const channelSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('dingtalk'),
      url,
      secret: z.string().optional(),
      msgType: z.enum(['markdown', 'text']).default('markdown'),
      ...channelCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('wecom'),
      url: url.optional(),
      /** WeCom app (message/send) used when the robot is missing or rejects the message for good. */
      app: z
        .object({
          corpId: nonEmpty,
          corpSecret: nonEmpty,
          agentId: z.number().int(),
          toUser: nonEmpty.default('@all'),
          baseUrl: url.default('https://qyapi.weixin.qq.com'),
        })
        .strict()
        .optional(),
      ...channelCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('feishu'),
      url,
      secret: z.string().optional(),
      msgType: z.enum(['interactive', 'text']).default('interactive'),
      ...channelCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('webhook'),
      url,
      headers: z.record(z.string(), z.string()).default({}),
      ...channelCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('aliyun-sms'),
      accessKeyId: nonEmpty,
      accessKeySecret: nonEmpty,
      signName: nonEmpty,
      templateCode: nonEmpty,
      /** Template variables: name -> Liquid template; each value is cut to 35 characters. */
      params: z.record(z.string(), z.string()).default({}),
      endpoint: nonEmpty.default('dysmsapi.aliyuncs.com'),
      protocol: z.enum(['https', 'http']).default('https'),
      ...channelCommon,
    })
    .strict(),
  z
    .object({
      type: z.literal('tencent-sms'),
      secretId: nonEmpty,
      secretKey: nonEmpty,
      sdkAppId: nonEmpty,
      signName: nonEmpty,
      templateId: nonEmpty,
      /** TemplateParamSet, in order, as Liquid templates. */
      params: z.array(z.string()).default([]),
      region: nonEmpty.default('ap-guangzhou'),
      endpoint: nonEmpty.default('sms.tencentcloudapi.com'),
      protocol: z.enum(['https', 'http']).default('https'),
      /** `host:port` to connect to instead of the endpoint (a gateway or a local stand-in). */
      connectTo: z
        .string()
        .regex(/^[^:]+:\d+$/, { message: 'expected host:port' })
        .optional(),
      ...channelCommon,
    })
    .strict(),
  z.object({ type: z.literal('log'), ...channelCommon }).strict(),
]);

const receiverSchema = z
  .object({
    name: nonEmpty,
    channels: z.array(nonEmpty).min(1),
    /** Who gets SMS: person names, `oncall:<rotation>`, or phone numbers. */
    sms: z
      .object({ to: z.array(nonEmpty).min(1) })
      .strict()
      .optional(),
    mentions: z
      .object({
        people: z.array(nonEmpty).default([]),
        oncall: z.array(nonEmpty).default([]),
        /** An alert label holding a person name or a mobile number (e.g. `owner`). */
        label: nonEmpty.optional(),
        all: z.boolean().default(false),
      })
      .strict()
      .optional(),
    /** Per-channel template overrides (channel name -> title/text). */
    templates: z.record(z.string(), template).default({}),
  })
  .strict();

/** A route as written in YAML (recursive). */
export interface RouteInput {
  receiver?: string | undefined;
  matchers: string[];
  continue: boolean;
  sendResolved?: boolean | undefined;
  quietHours?: string | undefined;
  repeatIntervalSeconds?: number | undefined;
  routes: RouteInput[];
}

const routeSchema: z.ZodType<RouteInput, unknown> = z.lazy(() =>
  z
    .object({
      receiver: nonEmpty.optional(),
      matchers: z.array(z.string()).default([]),
      continue: z.boolean().default(false),
      sendResolved: z.boolean().optional(),
      quietHours: nonEmpty.optional(),
      /** Re-notify a still-firing alert when Alertmanager repeats it after this long. */
      repeatIntervalSeconds: z.number().positive().optional(),
      routes: z.array(routeSchema).default([]),
    })
    .strict(),
);

export const routesFileSchema = z
  .object({
    /** Overrides alertRouter.timeZone for quiet hours, rotations and message times. */
    timeZone: z.string().optional(),
    people: z.record(z.string(), personSchema).default({}),
    rotations: z.record(z.string(), rotationSchema).default({}),
    quietHours: z.record(z.string(), quietHoursSchema).default({}),
    channels: z.record(z.string(), channelSchema),
    receivers: z.array(receiverSchema).min(1),
    route: routeSchema,
    delivery: z
      .object({
        maxAttempts: z.number().int().min(1).default(12),
        initialBackoffSeconds: z.number().positive().default(2),
        maxBackoffSeconds: z.number().positive().default(300),
        /** A message still undelivered after this long is given up (and reported). */
        maxAgeSeconds: z.number().positive().default(86_400),
        concurrency: z.number().int().min(1).max(256).default(16),
        /** More queued messages than this for one robot are sent as one combined message. */
        splitThreshold: z.number().int().min(1).default(5),
      })
      .strict()
      .prefault({}),
    sms: z
      .object({
        perNumber: z.array(rateWindow).default([
          { count: 1, seconds: 60 },
          { count: 5, seconds: 900 },
          { count: 12, seconds: 3600 },
        ]),
        perNumberPerDay: z.number().int().positive().default(30),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type RoutesFile = z.infer<typeof routesFileSchema>;
export type ChannelConfig = RoutesFile['channels'][string];
export type ChannelType = ChannelConfig['type'];
export type ReceiverConfig = RoutesFile['receivers'][number];
export type PersonConfig = RoutesFile['people'][string];
export type RotationConfig = RoutesFile['rotations'][string];
export type QuietHoursConfig = RoutesFile['quietHours'][string];
export type RateWindow = z.infer<typeof rateWindow>;
export type TemplateConfig = z.infer<typeof template>;
