import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectronOrNode = {
  patterns: [
    {
      group: ['electron', 'electron/*'],
      message: 'The renderer and shared code talk to the core only through the contract.',
    },
    { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'No Node modules outside the core.' },
    {
      group: ['**/electron/**', '../electron/*', '../../electron/*'],
      message: 'The renderer never imports the core.',
    },
  ],
};

// zod, and the schemas built with it, run only in the core and the server: the sandboxed preload cannot load
// them and the renderer's CSP forbids what zod probes for. Types from them are fine anywhere.
const schemasStayInTheCore = {
  patterns: [
    {
      group: ['zod', 'zod/*', '**/contractSchemas', '**/contractSchemas.ts'],
      allowTypeImports: true,
      message: 'Only the core and the server load the schemas; import names from shared/contract instead.',
    },
  ],
};

const noTestImports = {
  selector:
    ':matches(ImportDeclaration, ExportAllDeclaration, ExportNamedDeclaration, ImportExpression)[source.value=/(^|\\/)test\\//]',
  message: 'Production code imports nothing from test/: helpers for tests live there.',
};
const noDirectPrepare = {
  selector: "CallExpression[callee.property.name='prepare']",
  message: 'Prepare SQL with prepared() or preparedValues() from db/prepared.ts, in a store.',
};
const noSqlInServices = {
  selector: 'ImportDeclaration[source.value=/db\\/prepared$/]',
  message: 'Services hold no SQL: call a store in electron/core/stores/.',
};
// Factories or classes, not both at random (issue 15): a service is a factory, a store is functions that
// take the database first; a class is an error or a self-contained mechanism (docs/architecture.md).
const noServiceClass = {
  selector: 'ClassDeclaration:not([superClass])',
  message:
    'Services are factories (createX(deps)) and stores are functions taking the database first; a class here is neither.',
};
// The classes in library/ that are mechanisms, not services (docs/architecture.md lists them).
const LIBRARY_MECHANISMS = [
  'electron/core/library/writeFinish.ts',
  'electron/core/library/scanPace.ts',
  'electron/core/library/workQueue.ts',
  'electron/core/library/byteBudget.ts',
  'electron/core/library/stackPartners.ts',
];
const noModeSwitch = {
  selector: 'CallExpression[callee.property.name=/^(pluck|raw)$/]',
  message:
    'A prepared statement is shared by every caller of its text: use preparedValues() or preparedArrays().',
};

// SQL text belongs to the stores (issue 15, "services hold no SQL"): a string or template that reads as a
// statement is an error anywhere else in the core. Uppercase keywords only, as every statement here is
// written; a fragment with no keyword of its own (`p.taken_at >= ?`) is not caught, the statements are.
const SQL_TEXT =
  /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|PRAGMA|CREATE|DROP|ALTER)\s|\bSELECT\s[\s\S]*\bFROM\b|\bINSERT\s+INTO\b|\bDELETE\s+FROM\b|\bUPDATE\s+\w+\s+SET\b/;
const sqlInStores = {
  meta: {
    type: 'problem',
    messages: {
      sql: 'SQL lives in a store (electron/core/stores/): call one instead of writing the statement here.',
    },
  },
  create(context) {
    const check = (node, text) => {
      if (SQL_TEXT.test(text)) context.report({ node, messageId: 'sql' });
    };
    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value);
      },
      TemplateLiteral(node) {
        check(node, node.quasis.map((quasi) => quasi.value.cooked ?? quasi.value.raw).join('${}'));
      },
    };
  },
};
const shoebox = { rules: { 'sql-in-stores': sqlInStores } };

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Type-aware checks: a promise nobody awaits or catches, a promise where a plain callback belongs, and a
    // switch over a union that misses a member.
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', noElectronOrNode],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noElectronOrNode] },
  },
  {
    files: ['electron/core/**/*.ts', 'electron/server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The core never imports electron: it must run in browser mode too.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}', 'electron/preload/**/*.ts', 'shared/**/*.ts'],
    ignores: ['shared/contractSchemas.ts', 'shared/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', schemasStayInTheCore] },
  },
  {
    // Test helpers live under test/ and never ship: production code imports nothing from there.
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: {
      'no-restricted-syntax': ['error', noTestImports],
    },
  },
  {
    // A store per table group (issue 15): SQL is prepared through db/prepared.ts's cache, in a store. Later
    // blocks replace earlier settings of a rule, so these repeat the test-import rule.
    files: ['electron/core/{stores,places}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noModeSwitch, noServiceClass],
    },
  },
  {
    files: ['electron/core/{search,catalog,captioning,bakeoff,language,meaning}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noModeSwitch] },
  },
  {
    // The services among those folders; the modules beside them that are the store of their own table
    // (captioning/jobStore.ts, bakeoff/bakeoffStore.ts) prepare. The search's SQL, the ranked query builder
    // included, is in stores/searchStore.ts and stores/searchScope.ts.
    files: [
      'electron/core/captioning/{queue,outcomes}.ts',
      'electron/core/captioning/batch/*.ts',
      'electron/core/bakeoff/bakeoffService.ts',
      'electron/core/{catalog,search,meaning}/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noModeSwitch, noSqlInServices],
    },
  },
  {
    // The library's and the export's SQL: the catalogue store (library/catalogueStore.ts) and the
    // exported_words table's store (export/exportedWords.ts) prepare through db/prepared.ts; the rest of both
    // folders are services and hold none (the export's reads are stores/exportRecordsStore.ts).
    files: ['electron/core/{library,export}/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      'electron/core/library/catalogueStore.ts',
      'electron/core/export/exportedWords.ts',
    ],
    rules: {
      'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noModeSwitch, noSqlInServices],
    },
  },
  {
    // The library's catalogue store has a block of its own below, with the class rule too.
    files: ['electron/core/export/exportedWords.ts'],
    rules: { 'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noModeSwitch] },
  },
  {
    // The two blocks above again, with no plain class: the library's services and its store are factories;
    // its classes are the mechanisms named in docs/architecture.md (LIBRARY_MECHANISMS: a write's quiet
    // period, a rate, a bounded queue, a lock per RAW+JPEG stack), which keep the rules above.
    files: ['electron/core/library/**/*.ts'],
    ignores: ['**/*.test.ts', 'electron/core/library/catalogueStore.ts', ...LIBRARY_MECHANISMS],
    rules: {
      'no-restricted-syntax': [
        'error',
        noTestImports,
        noDirectPrepare,
        noModeSwitch,
        noSqlInServices,
        noServiceClass,
      ],
    },
  },
  {
    files: ['electron/core/library/catalogueStore.ts'],
    rules: {
      'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noModeSwitch, noServiceClass],
    },
  },
  {
    files: ['electron/core/{review,spend,grouping}/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noSqlInServices, noServiceClass],
    },
  },
  {
    files: ['electron/core/settings/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', noTestImports, noDirectPrepare, noSqlInServices, noServiceClass],
    },
  },
  {
    // Where SQL text may be: the stores, the database layer, and the modules that are the store of their own
    // table beside their service or build a reference database of their own.
    files: ['electron/core/**/*.ts'],
    ignores: [
      '**/*.test.ts',
      'electron/core/stores/**',
      'electron/core/db/**',
      'electron/core/export/exportedWords.ts',
      'electron/core/library/catalogueStore.ts',
      'electron/core/captioning/jobStore.ts',
      'electron/core/bakeoff/bakeoffStore.ts',
      'electron/core/places/gazetteer.ts',
      'electron/core/language/lexicon.ts',
    ],
    plugins: { shoebox },
    rules: { 'shoebox/sql-in-stores': 'error' },
  },
);
