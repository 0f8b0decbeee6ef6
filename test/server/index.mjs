// @ts-check
/**
 * Node-side helpers for the browser tests, mounted into the web-test-runner dev server.
 * Each module in this folder contributes dev-server plugins; routes live under /__test/.
 */
import { esdkOraclePlugins } from './esdk-oracle.mjs';
import { keyBrokerPlugins } from './key-broker.mjs';
import { demoServerPlugins } from './demo-server.mjs';
import { platformPlugins } from './platform.mjs';
import { genesysCloudPlugins } from './genesys-cloud.mjs';

export function testServerPlugins() {
  return [
    ...esdkOraclePlugins(),
    ...keyBrokerPlugins(),
    ...demoServerPlugins(),
    ...platformPlugins(),
    ...genesysCloudPlugins(),
  ];
}
