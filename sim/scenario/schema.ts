/**
 * A scenario file: one YAML document describing a simulated world. Each simulator owns one
 * top-level key: `kubernetes:` (sim/k8s), `nacos:` (sim/nacos), and `nas:` reserved for a NAS part.
 */
import { z } from 'zod';
import { nacosScenarioSchema } from '../nacos/scenario.js';
import { kubeScenarioSchema } from './kubernetes.js';

/** The whole scenario file. */
export const scenarioSchema = z
  .object({
    /** Free text shown by tools that list scenarios. */
    description: z.string().optional(),
    kubernetes: kubeScenarioSchema.optional(),
    /** The Nacos simulator's part (sim/nacos/scenario.ts). */
    nacos: nacosScenarioSchema.optional(),
    /** Reserved for the NAS simulator's part. */
    nas: z.unknown().optional(),
  })
  .strict();

/** A validated scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;
