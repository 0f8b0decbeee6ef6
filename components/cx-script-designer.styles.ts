import { css } from 'lit';

/** Styles of `<cx-script-designer>`. */
export const designerStyles = css`
  :host {
    display: block;
    font: var(--cx-designer-font, 14px/1.4 system-ui, sans-serif);
    color: var(--cx-designer-color, CanvasText);
    background: var(--cx-designer-background, Canvas);
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
    padding: 0.5rem 0;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1.2fr) minmax(0, 1fr) minmax(0, 0.9fr);
    gap: 0.75rem;
  }
  @media (max-width: 900px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  section {
    min-width: 0;
  }
  h2 {
    font-size: 1rem;
    margin: 0.5rem 0 0.25rem;
  }
  .editor {
    border: 1px solid GrayText;
    height: var(--cx-designer-editor-height, 70vh);
  }
  .editor .cm-editor {
    height: 100%;
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .outline li {
    display: flex;
    gap: 0.25rem;
    align-items: center;
  }
  .outline li[data-selected] > .item {
    font-weight: bold;
    outline: 2px solid Highlight;
  }
  .grip {
    cursor: grab;
    touch-action: none;
    user-select: none;
    padding: 0 0.25rem;
  }
  .outline li[data-dragging] {
    outline: 2px dashed GrayText;
  }
  .outline li[data-drop='before'] {
    box-shadow: 0 -3px 0 0 Highlight;
  }
  .outline li[data-drop='after'] {
    box-shadow: 0 3px 0 0 Highlight;
  }
  .item {
    flex: 1;
    text-align: start;
  }
  .diagnostics button {
    display: block;
    width: 100%;
    text-align: start;
    margin: 0.125rem 0;
  }
  .diagnostics [data-severity='error'] .severity {
    color: #b00020;
    font-weight: bold;
  }
  .diagnostics [data-severity='warning'] .severity {
    color: #7a5200;
    font-weight: bold;
  }
  .path {
    font-family: ui-monospace, monospace;
  }
  .pages button[aria-current='page'] {
    font-weight: bold;
  }
  form label,
  .sample label {
    display: block;
    margin: 0.25rem 0;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: start;
    border-bottom: 1px solid GrayText;
    padding: 0.125rem 0.25rem;
  }
  .note {
    font-size: 0.875rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
