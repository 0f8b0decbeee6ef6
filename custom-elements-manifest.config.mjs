// Generates custom-elements.json (package.json "customElements") from the JSDoc of components/ and src/.
export default {
  globs: ['components/**/*.ts', 'src/**/*.ts'],
  exclude: ['**/*.test.ts', 'test/**', 'demo/**'],
  outdir: '.',
  litelement: true,
  plugins: [
    {
      // A manifest that does not change from one machine to the next. The analyzer also lists each
      // `dispatchEvent(new SomeEvent(…))` as an event without a name; the named entry comes from
      // the element's `@fires` JSDoc, so the nameless duplicate goes.
      name: 'cx-stable-manifest',
      packageLinkPhase({ customElementsManifest }) {
        // Modules in path order: the file system's order differs between machines and clones.
        customElementsManifest.modules?.sort((a, b) =>
          a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
        );
        for (const mod of customElementsManifest.modules ?? []) {
          for (const declaration of mod.declarations ?? []) {
            if (declaration.events) declaration.events = declaration.events.filter((e) => e.name);
          }
        }
      },
    },
  ],
};
