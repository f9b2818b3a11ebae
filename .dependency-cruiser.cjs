/**
 * The layering the folder names promise, checked on every `npm test` (test/static/).
 * core ← inventory, transport, probes, checks ← runner, audit ← report ← cli, with remediate
 * (core only) beside checks for report and cli; pure modules (probes' parsers, checks,
 * remediate) never reach I/O or the command line.
 */
const layer = (name, allowed) => ({
  name: `${name}-layer`,
  comment: `src/${name} may import only ${allowed.length ? allowed.join(', ') : 'nothing else in src'} (and itself)`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...allowed.map((other) => `^src/${other}/`)] },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'import cycles make modules impossible to read or test alone', severity: 'error', from: {}, to: { circular: true } },
    layer('core', []),
    layer('inventory', ['core']),
    layer('transport', ['core']),
    layer('probes', ['core']),
    layer('checks', ['core']),
    layer('runner', ['core', 'transport', 'probes', 'checks', 'inventory']),
    layer('audit', ['core', 'inventory', 'transport', 'probes', 'checks', 'runner']),
    layer('remediate', ['core']),
    layer('report', ['core', 'checks', 'remediate']),
    {
      name: 'pure-checks-and-parsers',
      comment: 'checks, probe parsers and fix generation are pure: no file, process, network or terminal access',
      severity: 'error',
      from: { path: ['^src/checks/', '^src/probes/parsers/', '^src/remediate/'] },
      to: { path: '^(node:)?(fs|child_process|net|tls|dgram|http|https|process|readline|tty|os)$|node_modules/(yargs|ssh2|node-ssh|nodemailer)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.json') },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
