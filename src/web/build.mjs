// Bundles the pages into one folder the jar serves (io/kvmctl/web/static): index.html, app.js (the ES modules and
// noVNC, xterm.js, uPlot from node_modules) and app.css. Maven runs it (pom.xml, generate-resources) with that
// folder as the only argument. Nothing is fetched: node_modules is filled once by scripts/install-deps (npm ci).
import { copyFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node src/web/build.mjs OUTPUT_FOLDER');
  process.exit(2);
}
if (!existsSync(join(here, 'node_modules', 'esbuild'))) {
  console.error('kvmctl web pages: src/web/node_modules is missing: run make deps (scripts/install-deps) once, online');
  process.exit(1);
}
const esbuild = await import('esbuild');

const common = {
  bundle: true,
  minify: true,
  sourcemap: false,
  legalComments: 'linked', // the libraries' licence headers go to app.js.LEGAL.txt beside the bundle
  logLevel: 'warning',
  absWorkingDir: here,
};
await mkdir(out, { recursive: true });
await esbuild.build({
  ...common,
  entryPoints: ['js/main.js'],
  outfile: join(out, 'app.js'),
  format: 'esm', // noVNC awaits at module top level, which only ES modules allow
  target: ['es2022', 'chrome100', 'firefox100', 'safari15'],
});
await esbuild.build({
  ...common,
  entryPoints: ['css/app.css'],
  outfile: join(out, 'app.css'),
});
await copyFile(join(here, 'index.html'), join(out, 'index.html'));
