// Where each runtime's executable is, resolved from this package (whose dependencies they are).
// node22/node24 are linux-x64 builds (optional dependencies, so an install elsewhere does not fail);
// on another platform their entries point at files that do not exist, and the tests say so.
const { dirname, join } = require("node:path");

const packageDir = (name) => dirname(require.resolve(`${name}/package.json`));
const optionalDir = (name) => {
  try {
    return packageDir(name);
  } catch {
    return join(__dirname, "node_modules", name);
  }
};

module.exports = {
  node22: join(optionalDir("node22"), "bin", "node"),
  node24: join(optionalDir("node24"), "bin", "node"),
  bun: join(packageDir("bun"), "bin", "bun.exe"),
  deno: join(packageDir("deno"), "bin.cjs"),
};
