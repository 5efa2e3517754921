#!/usr/bin/env node
/**
 * Builds the plugin the way a NocoBase app loads it:
 * - dist/server: the server, compiled by tsc to CommonJS (with declarations);
 * - dist/client/index.js and dist/client-v2/index.js: the browser bundles of the legacy (`/`)
 *   and modern (`/v/`) clients, AMD modules whose dependencies are the libraries the NocoBase
 *   page already provides (react, antd, @nocobase/client, …). requirejs loads them and their
 *   `default` export is the client plugin class.
 * - dist/locale: the translations, for the server's i18n.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

function buildServer() {
  fs.rmSync(path.join(dist, 'server'), { recursive: true, force: true });
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.server.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}

/** Every bare import is left to the page: the bundle carries only our own code. */
const pageProvidedPackages = {
  name: 'page-provided-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * One browser bundle: `src/client/<entry>` → `dist/<lane>/index.js`. The legacy client (`/`)
 * loads `client`, the modern one (`/v/`) loads `client-v2`; each has its own plugin manager.
 */
async function buildClientBundle(entry, lane) {
  const outDir = path.join(dist, lane);

  fs.rmSync(outDir, { recursive: true, force: true });

  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/client', entry)],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'browser',
    target: 'es2020',
    jsx: 'automatic',
    minify: true,
    metafile: true,
    plugins: [pageProvidedPackages],
  });

  const externals = new Set();

  for (const input of Object.values(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (imported.external) {
        externals.add(imported.path);
      }
    }
  }

  const deps = [...externals].sort();
  const code = result.outputFiles[0].text;
  const amd =
    `define(${JSON.stringify(['require', 'exports', 'module', ...deps])}, ` +
    `function (require, exports, module) {\n${code}\n});\n`;

  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'index.js'), amd);
  fs.writeFileSync(
    path.join(outDir, 'index.d.ts'),
    "import type { ComponentType } from 'react';\ndeclare const plugin: ComponentType | any;\nexport default plugin;\n",
  );
}

async function buildClient() {
  await buildClientBundle('index.tsx', 'client');
  await buildClientBundle('v2/index.tsx', 'client-v2');
}

function copyLocales() {
  const from = path.join(root, 'src/locale');
  const to = path.join(dist, 'locale');

  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });

  for (const file of fs.readdirSync(from)) {
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
}

async function main() {
  const only = process.argv[2];

  if (!only || only === 'server') {
    buildServer();
    copyLocales();
  }

  if (!only || only === 'client') {
    await buildClient();
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
