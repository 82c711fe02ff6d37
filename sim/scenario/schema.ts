/**
 * A scenario file: one YAML document describing a simulated world. Each simulator owns one
 * top-level key: `kubernetes:` (sim/k8s), and `nacos:` and `nas:` reserved for the Nacos and NAS
 * simulators, which replace their placeholder schemas here when they land.
 */
import { z } from 'zod';
import { kubeScenarioSchema } from './kubernetes.js';

/** The whole scenario file. */
export const scenarioSchema = z
  .object({
    /** Free text shown by tools that list scenarios. */
    description: z.string().optional(),
    kubernetes: kubeScenarioSchema.optional(),
    /** Reserved for the Nacos simulator's part. */
    nacos: z.unknown().optional(),
    /** Reserved for the NAS simulator's part. */
    nas: z.unknown().optional(),
  })
  .strict();

/** A validated scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;
