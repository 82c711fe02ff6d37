/** Public surface of the Nacos simulator. */
export { startNacosSim, type NacosSim, type NacosSimOptions } from './sim.js';
export { NacosStore, type InstanceRef, type InstancePatch, type RegisterInput } from './store.js';
export { SimAuth, AUTH_TEXT, type SimAuthOptions, type SimUser } from './auth.js';
export { SimFaults, type SimFault } from './faults.js';
export { SimStats } from './server.js';
export {
  nacosScenarioSchema,
  parseNacosScenario,
  checkNacosScenario,
  type NacosScenario,
  type NacosScenarioInput,
  type NacosTimelineEntry,
} from './scenario.js';
export { NACOS_VERSIONS, type NacosVersion, type SimInstance, type SimService } from './model.js';
export { VERSION_TEXT, generationOf } from './versions.js';
