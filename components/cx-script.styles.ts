import { css } from 'lit';

/**
 * Styles of `<cx-script>`. Every colour and length reads a `--cx-script-*` property that falls back
 * to a global `--cx-*` token, then to a light/dark pair, so hosts theme it either way.
 */
export const scriptStyles = css`
  :host {
    display: block;
    color-scheme: light dark;
    font-family: var(--cx-font-family, system-ui, sans-serif);
    font-size: var(--cx-font-size, 1rem);
    line-height: 1.4;
    color: var(--cx-script-color, var(--cx-color-text, CanvasText));
    --_accent: var(--cx-script-accent-color, var(--cx-color-accent, light-dark(#0b57d0, #8ab4f8)));
    --_danger: var(--cx-script-danger-color, var(--cx-color-danger, light-dark(#b3261e, #f2b8b5)));
    --_muted: var(--cx-script-muted-color, var(--cx-color-muted, light-dark(#53575e, #b4b8bf)));
    --_border: var(--cx-script-border-color, var(--cx-color-border, light-dark(#8a8f98, #80858d)));
    --_surface: var(--cx-script-field-background, var(--cx-color-surface, Field));
    --_radius: var(--cx-script-radius, var(--cx-radius, 0.375rem));
    --_gap: var(--cx-script-gap, var(--cx-space, 0.75rem));
    --_focus: var(--cx-focus-ring, 2px solid var(--_accent));
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  :focus-visible {
    outline: var(--_focus);
    outline-offset: 2px;
  }
  .page,
  .body,
  .stack {
    display: flex;
    flex-direction: column;
    gap: var(--_gap);
  }
  .stack.horizontal {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: flex-end;
  }
  .page-header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: var(--_gap);
  }
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  h2 {
    font-size: var(--cx-script-title-size, 1.25rem);
  }
  h3 {
    font-size: var(--cx-script-heading-size, 1.0625rem);
  }
  h2:focus {
    outline: none;
  }
  h2:focus-visible {
    outline: var(--_focus);
  }
  p {
    margin: 0;
  }
  .text {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .note,
  .hint,
  .page-status,
  .status,
  .reason,
  .notice {
    color: var(--_muted);
    font-size: 0.875em;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-width: 0;
  }
  .field.check {
    flex-direction: row;
    flex-wrap: wrap;
    align-items: center;
  }
  .field.check .hint,
  .field.check .invalid {
    flex-basis: 100%;
  }
  label,
  legend {
    font-weight: 600;
  }
  .required {
    color: var(--_danger);
  }
  input:not([type='checkbox'], [type='radio']),
  select,
  textarea {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 0.375rem 0.5rem;
    min-width: 0;
    max-width: 100%;
  }
  textarea {
    resize: vertical;
  }
  input[type='checkbox'],
  input[type='radio'] {
    width: 1.125rem;
    height: 1.125rem;
    margin: 0;
    accent-color: var(--_accent);
  }
  [aria-invalid='true'] {
    border-color: var(--_danger) !important;
  }
  .invalid {
    color: var(--_danger);
    font-size: 0.875em;
    margin: 0;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    min-width: 0;
  }
  .option {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    font-weight: normal;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
    padding: 0.4375rem 0.875rem;
    border: 1px solid var(--_accent);
    background: var(--cx-script-button-background, var(--_accent));
    color: var(--cx-script-button-color, light-dark(#fff, #0b1a33));
    align-self: flex-start;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.55;
  }
  .action {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
  }
  a {
    color: var(--_accent);
  }
  .secured {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
  }
  .mask {
    font-family: var(--cx-font-mono, ui-monospace, monospace);
    letter-spacing: 0.05em;
  }
  img {
    max-width: 100%;
    height: auto;
  }
  iframe {
    width: 100%;
    min-height: var(--cx-script-frame-height, 20rem);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .alert,
  .error-panel {
    border: 1px solid var(--_danger);
    border-left-width: 4px;
    border-radius: var(--_radius);
    padding: 0.625rem 0.75rem;
  }
  .alert {
    display: flex;
    gap: var(--_gap);
    align-items: flex-start;
    justify-content: space-between;
    border-color: var(--_accent);
  }
  .alert button {
    background: transparent;
    color: inherit;
    border-color: var(--_border);
    padding: 0.125rem 0.5rem;
  }
  .error-panel h2 {
    color: var(--_danger);
  }
  .error-panel ul {
    margin: 0.5rem 0 0;
    padding-inline-start: 1.25rem;
  }
  .error-panel code {
    font-family: var(--cx-font-mono, ui-monospace, monospace);
    overflow-wrap: anywhere;
  }
`;
