/**
 * Recognises a Genesys Cloud Scripter export, so that `<cx-script>` can load the importer (a
 * separate bundle, dist/cx-genesys.js) only for scripts that need it. A cheap shape test: no native
 * `format`, and Scripter's own top-level fields or a page with a `rootContainer`.
 */

/** Top-level fields that every Scripter export has and a native script never does. */
const MARKERS = ['startPageId', 'customActions', 'rootContainer'];

/**
 * `true` when `value` looks like a Genesys Cloud Scripter export (as a value or as JSON text)
 * rather than a native `cx-script/1` script: it has no `format`, and it has `startPageId` or
 * `customActions`, or a page with a `rootContainer`. A malformed export (pages missing …) is still
 * recognised when it has those fields, so that `importGenesysScript` can say what is wrong.
 */
export function isGenesysExport(value: unknown): boolean {
  if (typeof value === 'string') {
    if (!MARKERS.some((m) => value.includes(`"${m}"`))) return false;
    try {
      return isGenesysExport(JSON.parse(value.replace(/^\uFEFF/, '')));
    } catch {
      return false;
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  if (Object.hasOwn(v, 'format')) return false;
  if (Object.hasOwn(v, 'startPageId') || Object.hasOwn(v, 'customActions')) return true;
  return (
    Array.isArray(v.pages) &&
    v.pages.some((p) => typeof p === 'object' && p !== null && Object.hasOwn(p, 'rootContainer'))
  );
}
