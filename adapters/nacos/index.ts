/** Public surface of the Nacos adapter. */
export { createNacosRegistrySource, type NacosSourceOptions, type NacosRegistrySource } from './source.js';
export { parseServerList, DEFAULT_NACOS_PORT, type NacosServer } from './servers.js';
export { NacosClient, NacosHttpError, type NacosClientOptions } from './client.js';
export { detectGeneration, type Detected } from './detect.js';
export { createNodeHttpCall, type HttpCall, type HttpExchange, type HttpAnswer } from './http-call.js';
