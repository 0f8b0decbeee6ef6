/**
 * The designer's diagnostics: everything `validateScript` reports (syntax, schema, unknown
 * variables, pages and actions, every route from a secured variable to a sink), plus what only a
 * designer with sample data and a screen-pop policy can tell:
 * - `unreachable-page` (warning): no path of `changePage` steps leads to the page from `startPage`;
 * - `missing-sample` (warning): an input variable that the sample data does not provide;
 * - `insecure-url` (warning): an `http:` URL template (the guard lets it through only to loopback
 *   hosts in development);
 * - `origin-not-allowed` (warning): a URL template whose fixed origin the policy does not allow.
 */
import { checkUrl, validateScript } from '../index.js';
import type { Script, ScreenPopPolicy, ScriptIssue } from '../index.js';
import { appendPath } from '../script/path.js';

/** One diagnostic: a `ScriptIssue` whose severity is always set. */
export interface DesignerDiagnostic extends ScriptIssue {
  severity: 'error' | 'warning';
}

/** What the designer knows besides the script. */
export interface DiagnoseOptions {
  /** Participant-data names the sample conversation provides. */
  sampleNames?: Iterable<string>;
  /** Secured-attribute names the sample conversation provides. */
  securedSampleNames?: Iterable<string>;
  /** The policy URLs are checked against; without one, origins are not checked. */
  policy?: ScreenPopPolicy;
}

/** What `diagnoseScript` found. */
export interface Diagnosis {
  /** The script, when it has no error (what the preview can render). */
  script: Script | undefined;
  /** The parsed JSON value, when the text is JSON (what the outline edits). */
  json: unknown;
  /** Every diagnostic, errors first, each group in document order. */
  diagnostics: DesignerDiagnostic[];
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Calls `visit` for every object inside `v` (itself included) with its path. */
function walk(v: unknown, path: string, visit: (o: Obj, path: string) => void, depth = 0): void {
  if (depth > 200) return;
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, appendPath(path, i), visit, depth + 1));
  else if (isObject(v)) {
    visit(v, path);
    for (const [k, x] of Object.entries(v)) walk(x, appendPath(path, k), visit, depth + 1);
  }
}

/** Page ids reachable from `startPage` through `changePage` steps (in pages and the actions they run). */
function reachablePages(script: Obj): Set<string> {
  const pages = Array.isArray(script.pages) ? script.pages.filter(isObject) : [];
  const actions = isObject(script.actions) ? script.actions : {};
  /** Page ids each page's own steps and the actions it names lead to. */
  const targets = (root: unknown): Set<string> => {
    const out = new Set<string>();
    const seenActions = new Set<string>();
    const visit = (o: Obj): void => {
      if (o.do === 'changePage' && typeof o.page === 'string') out.add(o.page);
      for (const key of ['action', 'onLoad'])
        if (typeof o[key] === 'string' && !seenActions.has(o[key])) {
          seenActions.add(o[key]);
          walk(actions[o[key]], '', visit);
        }
    };
    walk(root, '', visit);
    return out;
  };
  const byId = new Map(pages.map((p) => [p.id, p]));
  const reached = new Set<string>();
  const queue = typeof script.startPage === 'string' ? [script.startPage] : [];
  while (queue.length) {
    const id = queue.pop()!;
    if (reached.has(id) || !byId.has(id)) continue;
    reached.add(id);
    queue.push(...targets(byId.get(id)));
  }
  return reached;
}

/** The fixed origin of a URL template (`https://crm.example.com` of `https://crm.example.com/a/{Id}`). */
function fixedOrigin(template: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/?#{]+)(?:[/?#]|$)/i.exec(template);
  return m ? m[1] : undefined;
}

function extraChecks(json: Obj, options: DiagnoseOptions): DesignerDiagnostic[] {
  const out: DesignerDiagnostic[] = [];
  const warn = (path: string, code: string, message: string): void => {
    out.push({ path, code, message, severity: 'warning' });
  };
  // Unreachable pages.
  const reached = reachablePages(json);
  if (Array.isArray(json.pages))
    json.pages.forEach((page, i) => {
      if (isObject(page) && typeof page.id === 'string' && !reached.has(page.id))
        warn(
          appendPath(appendPath('pages', i), 'id'),
          'unreachable-page',
          `page '${page.id}' is never shown: no changePage step leads to it from the start page`,
        );
    });
  // Input variables the sample data lacks.
  const plain = new Set(options.sampleNames ?? []);
  const secured = new Set(options.securedSampleNames ?? []);
  if (Array.isArray(json.variables))
    json.variables.forEach((v, i) => {
      if (!isObject(v) || v.input !== true || typeof v.name !== 'string') return;
      const isSecured = v.secured === true;
      if (!(isSecured ? secured : plain).has(v.name))
        warn(
          appendPath('variables', i),
          'missing-sample',
          `input variable '${v.name}' has no ${isSecured ? 'secured sample value' : 'value in the sample participant data'}; add one to preview it`,
        );
    });
  // URL templates: http: and origins the policy does not allow.
  walk(json, '', (o, path) => {
    const template = o.url;
    if (typeof template !== 'string' || /^\s*\{\{/.test(template)) return;
    const at = appendPath(path, 'url');
    if (/^http:/i.test(template)) {
      const origin = fixedOrigin(template);
      const loopback =
        options.policy?.allowHttpLoopback === true &&
        origin !== undefined &&
        checkUrl(`${origin}/`, options.policy).ok;
      if (!loopback)
        warn(at, 'insecure-url', 'this URL uses http:, which the egress guard blocks; use https:');
      return;
    }
    if (!options.policy) return;
    const origin = fixedOrigin(template);
    if (origin === undefined) {
      warn(
        at,
        'origin-not-allowed',
        'this URL template does not start with a fixed origin (https://host/…), so the allowed origins cannot be checked before it runs',
      );
      return;
    }
    const check = checkUrl(`${origin}/`, options.policy);
    if (!check.ok && check.reason === 'origin-not-allowed')
      warn(
        at,
        'origin-not-allowed',
        `the origin ${origin} is not among the allowed origins (${options.policy.allowedOrigins.join(', ') || 'none'}); the guard will block it`,
      );
  });
  return out;
}

/**
 * Diagnoses a script given as JSON text.
 *
 * @param text the script source
 * @param options the sample data's names and the screen-pop policy
 */
export function diagnoseScript(text: string, options: DiagnoseOptions = {}): Diagnosis {
  const { script, issues } = validateScript(text);
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    json = undefined;
  }
  const diagnostics: DesignerDiagnostic[] = issues.map((issue) => ({
    ...issue,
    severity: issue.severity ?? 'error',
  }));
  if (isObject(json)) diagnostics.push(...extraChecks(json, options));
  const rank = (d: DesignerDiagnostic): number => (d.severity === 'error' ? 0 : 1);
  // A stable sort keeps each group in document order.
  diagnostics.sort((a, b) => rank(a) - rank(b));
  return { script, json, diagnostics };
}
