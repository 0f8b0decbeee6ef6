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

/**
 * `bring-to-front`: raises the calling test page's window above the others. A test that needs a
 * paint (first contentful paint) calls it first: under load, a window that another test opened
 * meanwhile (a screen-pop window, an audit page) can cover it, and a covered window is not drawn.
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function pageCommandsPlugin() {
  return {
    name: 'cx-test-page-commands',
    /** @param {{ command: string, session: any }} args */
    async executeCommand({ command, session }) {
      if (command !== 'bring-to-front') return undefined;
      if (typeof session?.browser?.getPage !== 'function')
        throw new Error('bring-to-front needs a puppeteer-based browser launcher (chromeLauncher)');
      await session.browser.getPage(session.id).bringToFront();
      return true;
    },
  };
}

export function testServerPlugins() {
  return [
    pageCommandsPlugin(),
    ...esdkOraclePlugins(),
    ...keyBrokerPlugins(),
    ...demoServerPlugins(),
    ...platformPlugins(),
    ...genesysCloudPlugins(),
  ];
}
