/**
 * The web-vitals test frame's module: this document's own `onMetric`, and whether the document
 * was hidden before its first contentful paint (web-vitals reports no FCP for such a page, by
 * design, so a measurement taken then says nothing about our pipeline).
 */
import { onMetric } from '../../src/telemetry/metrics.js';

let hiddenBeforePaint = document.visibilityState === 'hidden';
const painted = () =>
  performance.getEntriesByType('paint').some((e) => e.name === 'first-contentful-paint');
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && !painted()) hiddenBeforePaint = true;
});

/** What the test reads from the frame. */
export interface VitalsFrame {
  onMetric: typeof onMetric;
  hiddenBeforePaint(): boolean;
}

(window as unknown as { cxVitals: VitalsFrame }).cxVitals = {
  onMetric,
  hiddenBeforePaint: () => hiddenBeforePaint,
};
