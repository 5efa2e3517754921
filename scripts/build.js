#!/usr/bin/env node
/**
 * Builds the plugin the way a NocoBase app loads it:
 * - dist/server: the server, compiled by tsc to CommonJS (with declarations);
 * - dist/client/index.js: the browser bundle, an AMD module whose dependencies are the
 *   libraries the NocoBase page already provides (react, antd, @nocobase/client, …).
 *   requirejs loads it and its `default` export is the client plugin class.
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

async function buildClient() {
  const outDir = path.join(dist, 'client');

  fs.rmSync(outDir, { recursive: true, force: true });

  const result = await esbuild.build({
    entryPoints: [path.join(root, 'src/client/index.tsx')],
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
