import { css } from 'lit';

/**
 * Styles of `<cx-script>`. Every colour and length reads a `--cx-script-*` property that falls back
 * to a global `--cx-*` token, then to a light/dark pair, so hosts theme it either way.
 *
 * Written one rule per line: the build does not minify CSS in `css` literals, so the bytes written
 * here are the bytes shipped. The private `--_*` properties hold the resolved tokens.
 */
// prettier-ignore
export const scriptStyles = css`
:host{display:block;color-scheme:light dark;font-family:var(--cx-font-family,system-ui,sans-serif);font-size:var(--cx-font-size,1rem);line-height:1.4;color:var(--cx-script-color,var(--cx-color-text,CanvasText));--_accent:var(--cx-script-accent-color,var(--cx-color-accent,light-dark(#0b57d0,#8ab4f8)));--_danger:var(--cx-script-danger-color,var(--cx-color-danger,light-dark(#b3261e,#f2b8b5)));--_muted:var(--cx-script-muted-color,var(--cx-color-muted,light-dark(#53575e,#b4b8bf)));--_border:1px solid var(--cx-script-border-color,var(--cx-color-border,light-dark(#8a8f98,#80858d)));--_radius:var(--cx-script-radius,var(--cx-radius,.375rem));--_gap:var(--cx-script-gap,var(--cx-space,.75rem))}
:host([hidden]){display:none}
*{box-sizing:border-box}
:focus-visible{outline:var(--cx-focus-ring,2px solid var(--_accent));outline-offset:2px}
.page,.body,.stack{display:flex;flex-direction:column;gap:var(--_gap)}
.horizontal{flex-flow:row wrap;align-items:flex-end}
.page-header{display:flex;flex-wrap:wrap;align-items:baseline;justify-content:space-between;gap:var(--_gap)}
h2,h3,p{margin:0}
h2,h3{line-height:1.25}
h2{font-size:var(--cx-script-title-size,1.25rem)}
h3{font-size:var(--cx-script-heading-size,1.0625rem)}
.text{white-space:pre-line;overflow-wrap:anywhere}
.note,.hint,.page-status,.status,.reason,.notice,.invalid,.unit{color:var(--_muted);font-size:.875em}
.field,.action{display:flex;flex-direction:column;gap:.25rem;min-width:0}
.check{flex-flow:row wrap;align-items:center}
.check .hint,.check .invalid{flex-basis:100%}
label,legend{font-weight:600}
.required,.invalid,.error-panel h2{color:var(--_danger)}
input:not([type=checkbox],[type=radio]),select,textarea{font:inherit;color:inherit;background:var(--cx-script-field-background,var(--cx-color-surface,Field));border:var(--_border);border-radius:var(--_radius);padding:.375rem .5rem;min-width:0;max-width:100%}
textarea{resize:vertical}
[type=checkbox],[type=radio]{width:1.125rem;height:1.125rem;margin:0;accent-color:var(--_accent)}
[aria-invalid=true]{border-color:var(--_danger)!important}
fieldset{border:0;padding:0;margin:0}
.option{display:flex;align-items:center;gap:.5rem;font-weight:normal}
.schema-control{display:flex;align-items:center;gap:.5rem;min-width:0}
button{font:inherit;cursor:pointer;border-radius:var(--_radius);padding:.4375rem .875rem;border:1px solid var(--_accent);background:var(--cx-script-button-background,var(--_accent));color:var(--cx-script-button-color,light-dark(#fff,#0b1a33));align-self:flex-start}
button:disabled{cursor:not-allowed;opacity:.55}
a{color:var(--_accent)}
img{max-width:100%;height:auto}
iframe{width:100%;min-height:var(--cx-script-frame-height,20rem);border:var(--_border);border-radius:var(--_radius)}
.alert,.error-panel{border:1px solid var(--_danger);border-left-width:4px;border-radius:var(--_radius);padding:.625rem .75rem}
.alert{display:flex;gap:var(--_gap);align-items:flex-start;justify-content:space-between;border-color:var(--_accent)}
.alert button{background:none;color:inherit;border:var(--_border);padding:.125rem .5rem}
.error-panel ul{margin:.5rem 0 0;padding-inline-start:1.25rem}
.error-panel code{font-family:var(--cx-font-mono,ui-monospace,monospace);overflow-wrap:anywhere}
`;
