/**
 * The bundle entry of dist/cx-designer.js: registers `<cx-script-designer>`. The library comes from
 * ./cx-script.js (the build maps components/all and src/index to it), so the designer adds only
 * itself and CodeMirror, and agents never download it.
 */
export { CxScriptDesigner, CxDraftSavedEvent, STARTER_SCRIPT } from './cx-script-designer.js';
export type { CxDraftSavedDetail } from './cx-script-designer.js';
export { diagnoseScript } from '../src/designer/diagnostics.js';
export type {
  DesignerDiagnostic,
  DiagnoseOptions,
  Diagnosis,
} from '../src/designer/diagnostics.js';
