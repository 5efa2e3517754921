/**
 * Prepares the folder a NocoBase app runs from, so that it loads OUR plugin.
 *
 * npm installs NocoBase's built-in post-action trigger at
 * node_modules/@nocobase/plugin-workflow-action-trigger (a dependency of @nocobase/app), and
 * the app loads plugins by package name, both with `require(name)` and by reading
 * `$NODE_MODULES_PATH/<name>/...` (package.json, client bundle, locales). So the app gets a
 * node_modules of its own: one symbolic link per package of the project's node_modules, except
 * our package name, which is a real folder holding a copy of our built package. The app runs
 * with `--preserve-symlinks` (which NocoBase's CLI sets too), so every `require` made from a
 * linked package resolves through this folder and finds our copy, never the built-in one.
 */
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const ROOT_MODULES = path.join(ROOT, 'node_modules');
const OUR_PACKAGE = require(path.join(ROOT, 'package.json'));

/** What a NocoBase app reads from a plugin package; `files` of our package.json, minus docs. */
const PACKAGE_ENTRIES = [
  'package.json',
  'server.js',
  'client.js',
  'client-v2.js',
  'server.d.ts',
  'client.d.ts',
  'client-v2.d.ts',
  'dist',
];

/** The CLI reads these files from its working folder when it starts. */
const CLI_FILES = {
  'package.json': JSON.stringify({ name: 'nocobase-plugin-demo-app', private: true }, null, 2),
  '.env.e2e.example': '# Required to exist by the NocoBase CLI; end-to-end runs are not used here.\n',
};

function linkPackages(target) {
  for (const entry of fs.readdirSync(ROOT_MODULES, { withFileTypes: true })) {
    if (['.bin', '.cache', '.package-lock.json'].includes(entry.name)) {
      continue;
    }

    if (entry.name.startsWith('@') && entry.isDirectory()) {
      const scope = path.join(target, entry.name);

      fs.mkdirSync(scope, { recursive: true });

      for (const member of fs.readdirSync(path.join(ROOT_MODULES, entry.name))) {
        const name = `${entry.name}/${member}`;

        if (name !== OUR_PACKAGE.name) {
          fs.symlinkSync(path.join(ROOT_MODULES, name), path.join(target, name));
        }
      }
      continue;
    }

    fs.symlinkSync(path.join(ROOT_MODULES, entry.name), path.join(target, entry.name));
  }
}

/** Copies, not links: a link would make `require` inside our code see the project's node_modules. */
function copyOurPackage(target) {
  const destination = path.join(target, OUR_PACKAGE.name);

  fs.mkdirSync(destination, { recursive: true });

  for (const entry of PACKAGE_ENTRIES) {
    const source = path.join(ROOT, entry);

    if (fs.existsSync(source)) {
      fs.cpSync(source, path.join(destination, entry), { recursive: true });
    }
  }

  return destination;
}

/**
 * The commands the CLI runs by name (`yarn nocobase pkg …`), as small scripts rather than the
 * project's links: with `--preserve-symlinks-main` a linked bin would resolve its own relative
 * requires from the link's folder and fail.
 */
function writeCommands(nodeModules) {
  const bin = path.join(nodeModules, '.bin');
  const commands = {
    yarn: path.join(ROOT_MODULES, 'yarn/bin/yarn.js'),
    nocobase: path.join(nodeModules, '@nocobase/cli-v1/bin/index.js'),
  };

  fs.mkdirSync(bin, { recursive: true });

  for (const [name, script] of Object.entries(commands)) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nexec node "${script}" "$@"\n`, { mode: 0o755 });
  }

  return bin;
}

/**
 * (Re)creates `<storageDir>/app` with its node_modules; cheap (about a thousand links), so it is
 * done at every start: a rebuilt plugin or a reinstalled project is always what the app sees.
 */
function prepareAppFolder(storageDir) {
  const appDir = path.join(storageDir, 'app');
  const nodeModules = path.join(appDir, 'node_modules');

  if (!fs.existsSync(path.join(ROOT, 'dist/server/index.js'))) {
    throw new Error('The plugin is not built: run `npm run build` first.');
  }

  // rmSync removes links, never what they point to.
  fs.rmSync(nodeModules, { recursive: true, force: true });
  fs.mkdirSync(nodeModules, { recursive: true });

  for (const [name, content] of Object.entries(CLI_FILES)) {
    fs.writeFileSync(path.join(appDir, name), content);
  }

  linkPackages(nodeModules);
  const pluginDir = copyOurPackage(nodeModules);
  const binDir = writeCommands(nodeModules);

  return {
    appDir,
    nodeModules,
    pluginDir,
    binDir,
    cli: path.join(nodeModules, '@nocobase/cli-v1/bin/index.js'),
  };
}

module.exports = { prepareAppFolder, OUR_PACKAGE, ROOT };
