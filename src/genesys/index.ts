/**
 * The public entry of dist/cx-genesys.js: what cx-script offers for Genesys Cloud. It loads on
 * demand (`<cx-script>` imports it when it is given a Scripter export), so agents who use native
 * scripts never download it. Modules under src/genesys/ reach the core only through `../index.js`,
 * which this bundle takes from ./cx-script.js.
 */

// Scripter exports (importGenesysScript).
export { importGenesysScript } from './import.js';
export type { GenesysImport, GenesysImportWarning } from './import.js';
