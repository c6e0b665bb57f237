// Finds import cycles between a crate's modules: `a` uses `b` (a `use` or a path, outside
// comments and tests) and `b`, through any others, uses `a`. A module's own submodules and
// ancestors do not count: `mod.rs` declaring a child, and the child naming its parent's items,
// is how Rust modules are built. Hand-written because no tool on the registries reads Rust
// modules this way without compiling them (cargo-modules needs nightly's rustc internals).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every module of the crate rooted at `src`, by path (`['budget', 'scheduler']`) → file. */
function modules(src) {
  const found = new Map();
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.rs')) {
        const parts = path.relative(src, file).slice(0, -3).split(path.sep);
        if (['mod', 'lib', 'main'].includes(parts.at(-1))) parts.pop();
        if (parts.some((part) => part === 'tests' || part.endsWith('_tests'))) continue;
        found.set(parts.join('::'), file);
      }
    }
  };
  walk(src);
  return found;
}

/** The module a path names: the longest prefix that is a module. */
function owner(parts, known) {
  for (let end = parts.length; end >= 0; end--) {
    const name = parts.slice(0, end).join('::');
    if (known.has(name)) return name;
  }
  return undefined;
}

const related = (a, b) => a === b || a.startsWith(`${b}::`) || b.startsWith(`${a}::`) || a === '' || b === '';

/** The cycles among `src`'s modules, each as `a -> b -> a`. */
export function importCycles(src) {
  const known = modules(src);
  const edges = new Map([...known.keys()].map((name) => [name, new Set()]));
  for (const [name, file] of known) {
    const code = readFileSync(file, 'utf8')
      .split('#[cfg(test)]')[0]
      .split('\n')
      .filter((line) => !line.trim().startsWith('//'))
      .join('\n');
    const here = name ? name.split('::') : [];
    for (const [reference] of code.matchAll(/\b(?:crate|super)(?:::\w+)+/g)) {
      const parts = reference.split('::');
      let base = parts[0] === 'crate' ? [] : [...here];
      let at = parts[0] === 'crate' ? 1 : 0;
      while (parts[at] === 'super') {
        base = base.slice(0, -1);
        at += 1;
      }
      const target = owner([...base, ...parts.slice(at)], known);
      if (target !== undefined && !related(name, target)) edges.get(name).add(target);
    }
  }
  const cycles = new Set();
  const state = new Map(); // 1: on the stack, 2: done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of edges.get(node)) {
      if (state.get(next) === 1) cycles.add([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of edges.keys()) if (!state.has(node)) visit(node);
  return [...cycles];
}
