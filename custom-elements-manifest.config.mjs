// Generates custom-elements.json (package.json "customElements") from the JSDoc of components/ and src/.
export default {
  globs: ['components/**/*.ts', 'src/**/*.ts'],
  exclude: ['**/*.test.ts', 'test/**', 'demo/**'],
  outdir: '.',
  litelement: true,
};
