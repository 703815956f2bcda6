// The import rules that keep the modular monolith livable (see docs/ARCHITECTURE.md).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      comment: 'A module imports other modules only through their index.ts.',
      severity: 'error',
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$'] },
    },
    {
      name: 'platform-has-no-business',
      comment: 'platform/ is what modules stand on; it never imports a module or the web layer.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: '^src/(modules|web)/' },
    },
    {
      name: 'web-has-no-business',
      comment: 'The shared web layer renders; it does not reach into modules.',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/modules/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { pathNot: ['\\.test\\.ts$'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(node_modules|scratch|data)/' },
  },
};
