// @ts-check
import { builtinModules } from 'node:module';
import { dirname, join, posix, relative, sep } from 'node:path';

/**
 * An ESLint rule that keeps each room of the code to its allow-list (see codeRooms.js): every
 * import, re-export and dynamic import is checked against the rooms and packages its file's
 * room lists. Files outside every room are not checked.
 *
 * @typedef {import('./codeRooms.js').Room} Room
 */

const nodeBuiltins = new Set(builtinModules);

/** @param {string} path */
function toPosix(path) {
  return path.split(sep).join(posix.sep);
}

/**
 * @param {Room[]} rooms
 * @param {string} path repository-relative, with forward slashes
 */
export function roomOf(rooms, path) {
  return rooms.find((room) => room.paths.some((prefix) => path === prefix || path.startsWith(prefix)));
}

/** @param {string} path */
function isTestFile(path) {
  return /\.(test|spec)\.tsx?$/.test(path);
}

/**
 * `@scope/name/sub` → `@scope/name/sub`; the package part is what patterns match.
 * @param {string} specifier
 */
function packageOf(specifier) {
  if (specifier.startsWith('node:')) return 'node:*';
  const first = specifier.split('/')[0] ?? specifier;
  if (nodeBuiltins.has(first)) return 'node:*';
  return specifier;
}

/**
 * @param {string} pattern `name`, `name/*` or `@scope/*`, or `*` for any
 * @param {string} specifier
 */
function packageMatches(pattern, specifier) {
  if (pattern === '*') return true;
  if (pattern === 'node:*') return specifier === 'node:*';
  if (pattern.endsWith('/*')) return specifier.startsWith(pattern.slice(0, -1));
  return specifier === pattern;
}

/**
 * What a file may import: its room's lists, plus the test additions for a test file.
 * @param {Room} room
 * @param {boolean} test
 */
function allowance(room, test) {
  const extra = test ? (room.tests ?? {}) : {};
  return {
    rooms: new Set([room.name, ...room.rooms, ...(extra.rooms ?? [])]),
    packages: [...room.packages, ...(extra.packages ?? [])],
  };
}

/** @type {import('eslint').Rule.RuleModule} */
export const importLayersRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Each room of the code imports only what its allow-list names.' },
    schema: [{ type: 'object', properties: { root: { type: 'string' }, rooms: { type: 'array' } } }],
  },
  create(context) {
    const options = /** @type {{ root: string, rooms: Room[] }} */ (context.options[0]);
    const file = toPosix(relative(options.root, context.filename));
    const room = roomOf(options.rooms, file);
    if (!room) return {};
    const allowed = allowance(room, isTestFile(file));

    /**
     * @param {import('eslint').Rule.Node} node
     * @param {string} specifier
     * @param {string[] | null} importedNames
     * @param {boolean} typesOnly
     */
    function check(node, specifier, importedNames, typesOnly = false) {
      if (specifier.startsWith('.')) {
        const target = toPosix(relative(options.root, join(dirname(context.filename), specifier)));
        const targetRoom = roomOf(options.rooms, target) ?? roomOf(options.rooms, `${target}/`);
        const name = targetRoom?.name ?? 'outside every room';
        if (!targetRoom || !allowed.rooms.has(targetRoom.name)) {
          context.report({
            node,
            message: `${room?.name} may not import ${name} (${specifier}); it may import ${[...allowed.rooms].join(', ')}.`,
          });
        }
        return;
      }
      const pkg = packageOf(specifier);
      if (typesOnly && room?.typesOnly?.includes(specifier)) return;
      if (!allowed.packages.some((pattern) => packageMatches(pattern, pkg))) {
        context.report({
          node,
          message: `${room?.name} may not import ${pkg === 'node:*' ? `the Node built-in ${specifier}` : `the package ${specifier}`}.`,
        });
        return;
      }
      const onlyNames = room?.namedOnly?.[specifier];
      if (onlyNames && (importedNames === null || importedNames.some((n) => !onlyNames.includes(n)))) {
        context.report({
          node,
          message: `${room?.name} may import only ${onlyNames.join(', ')} from ${specifier}.`,
        });
      }
    }

    /** @param {any} node */
    function isTypeOnly(node) {
      return (
        node.importKind === 'type' ||
        (node.specifiers.length > 0 &&
          node.specifiers.every((/** @type {any} */ s) => s.importKind === 'type'))
      );
    }

    /** @param {any} node */
    function namesOf(node) {
      if (!node.specifiers) return null;
      /** @type {string[]} */
      const names = [];
      for (const s of node.specifiers) {
        if (s.type === 'ImportSpecifier') names.push(s.imported.name ?? s.imported.value);
        else return null;
      }
      return names;
    }

    return {
      ImportDeclaration(node) {
        check(node, String(node.source.value), namesOf(node), isTypeOnly(node));
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, String(node.source.value), null);
      },
      ExportAllDeclaration(node) {
        check(node, String(node.source.value), null);
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal' && typeof node.source.value === 'string')
          check(node, node.source.value, null);
      },
    };
  },
};

export const codeLayersPlugin = { rules: { imports: importLayersRule } };
