// Generates custom-elements.json (package.json "customElements") from the JSDoc of components/ and src/.
export default {
  globs: ['components/**/*.ts', 'src/**/*.ts'],
  exclude: ['**/*.test.ts', 'test/**', 'demo/**'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // The analyzer also lists each `dispatchEvent(new SomeEvent(…))` as an event without a name;
      // the named entry comes from the element's `@fires` JSDoc, so the nameless duplicate goes.
      name: 'cx-drop-nameless-events',
      packageLinkPhase({ customElementsManifest }) {
        for (const mod of customElementsManifest.modules ?? []) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
          }
        }
      },
    },
  ],
};
