// Check Cypher queries with Neo4j's own front end (parser and semantic analysis compiled to JS in
// @neo4j-cypher/language-support) for one or more Cypher versions.
//
// Input (JSON on stdin):
//   {
//     "schema": {"labels": [...], "relationshipTypes": [...], "propertyKeys": [...]},
//     "versions": ["5", "25"],                      // optional, default both
//     "queries": [{"name": "nodes/all", "text": "MATCH ...", "parameters": ["id", ...]}, ...]
//   }
// Each query is checked with the schema plus its own declared parameters (a parameter it uses but
// does not declare is an error). The property keys the queries use are added to the schema.
//
// Output (JSON on stdout):
//   {
//     "package": "@neo4j-cypher/language-support@<version>",
//     "propertyKeys": [...],                         // the schema's keys as used for the check
//     "results": [{"name": ..., "version": "5", "diagnostics": [
//        {"severity": "error"|"warning"|"information"|"hint", "line": 1, "column": 1,
//         "endLine": 1, "endColumn": 9, "message": "...", "deprecated": false}]}, ...]
//   }
// Lines and columns are 1-based and refer to the query text as given (without the version prefix
// this script puts in front). Exit code 0 when the check ran (whatever it found), 2 on bad input.
//
// The Cypher version is selected the documented Neo4j way: the statement is prefixed with
// "CYPHER 5 " or "CYPHER 25 ". The registry of functions and procedures is the one of a real
// Neo4j server that the package ships (testData.mockSchema, taken from SHOW FUNCTIONS / SHOW
// PROCEDURES), limited to Neo4j's built-in functions and procedures: plugins such as APOC or GDS
// are not available on the engines this project runs on.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package's ESM build uses extension-less imports that Node cannot resolve; its CJS build works.
const PACKAGE = '@neo4j-cypher/language-support';
const ls = require(PACKAGE);
const packageVersion = JSON.parse(
  readFileSync(join(dirname(require.resolve(PACKAGE)), '..', '..', 'package.json'), 'utf8'),
).version;

// Without this flag the package looks functions up in the Cypher 5 registry whatever the version.
ls._internalFeatureFlags.cypher25 = true;

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };
const DEPRECATED_TAG = 2; // DiagnosticTag.Deprecated of the language server protocol
const BUILT_IN_PROCEDURE = /^(db|dbms|tx|cdc)\./;

/** Keep the entries of a registry for which keep(entry) holds. */
function filterRegistry(registry, keep) {
  return Object.fromEntries(Object.entries(registry ?? {}).filter(([, entry]) => keep(entry)));
}

/** Built-in functions and procedures of Neo4j, per Cypher version ("CYPHER 5", "CYPHER 25"). */
function builtInRegistries() {
  const mock = ls.testData.mockSchema;
  const functions = {};
  const procedures = {};
  for (const version of ls.cypherVersions) {
    functions[version] = filterRegistry(mock.functions[version], (fn) => fn.isBuiltIn);
    procedures[version] = filterRegistry(mock.procedures[version], (proc) =>
      BUILT_IN_PROCEDURE.test(proc.name),
    );
  }
  return { functions, procedures };
}

/** The property key names a query uses, as the parser sees them (backticks removed). */
function propertyKeysOf(text) {
  const keys = new Set();
  const walk = (node) => {
    if (node instanceof ls.PropertyKeyNameContext) {
      keys.add(node.getText().replace(/^`|`$/g, '').replace(/``/g, '`'));
    }
    for (const child of node.children ?? []) walk(child);
  };
  try {
    ls.parse(text).forEach(walk);
  } catch {
    // A query that does not parse is reported by the check itself.
  }
  return keys;
}

/** Map a diagnostic of the prefixed statement back to the query text (1-based positions). */
function toResult(diagnostic, prefixLength) {
  const { start, end } = diagnostic.range;
  const column = (pos) => (pos.line === 0 ? Math.max(pos.character - prefixLength, 0) : pos.character) + 1;
  return {
    severity: SEVERITY[diagnostic.severity] ?? String(diagnostic.severity),
    line: start.line + 1,
    column: column(start),
    endLine: end.line + 1,
    endColumn: column(end),
    message: diagnostic.message,
    deprecated: (diagnostic.tags ?? []).includes(DEPRECATED_TAG) || /deprecat/i.test(diagnostic.message),
  };
}

/**
 * Make sure the semantic analysis really runs for a version: the package swallows exceptions of
 * the analysis, which would let every query pass unchecked.
 */
function assertSemanticAnalysisRuns(version) {
  const found = ls.lintCypherQuery(`CYPHER ${version} RETURN undefined_variable`, {});
  if (!found.some((d) => /Variable `undefined_variable` not defined/.test(d.message))) {
    throw new Error(`semantic analysis for Cypher ${version} did not run`);
  }
}

/** Check every query for every version; return the output object. */
function lint(input) {
  const schema = input.schema ?? {};
  const versions = input.versions ?? ['5', '25'];
  const queries = input.queries ?? [];
  const known = new Set(ls.cypherVersions.map((v) => v.replace(/^CYPHER /, '')));
  for (const version of versions) {
    if (!known.has(String(version))) throw new Error(`unknown Cypher version ${version}`);
    assertSemanticAnalysisRuns(version);
  }
  const propertyKeys = new Set(schema.propertyKeys ?? []);
  for (const query of queries) for (const key of propertyKeysOf(query.text)) propertyKeys.add(key);
  const base = {
    labels: schema.labels ?? [],
    relationshipTypes: schema.relationshipTypes ?? [],
    propertyKeys: [...propertyKeys].sort(),
    ...builtInRegistries(),
  };
  const results = [];
  for (const query of queries) {
    const parameters = Object.fromEntries((query.parameters ?? []).map((name) => [name, null]));
    const dbSchema = { ...base, parameters: { ...(schema.parameters ?? {}), ...parameters } };
    for (const version of versions) {
      const prefix = `CYPHER ${version} `;
      const diagnostics = ls
        .lintCypherQuery(prefix + query.text, dbSchema)
        .map((diagnostic) => toResult(diagnostic, prefix.length));
      results.push({ name: query.name, version: String(version), diagnostics });
    }
  }
  return { package: `${PACKAGE}@${packageVersion}`, propertyKeys: base.propertyKeys, results };
}

function main() {
  let input;
  try {
    input = JSON.parse(readFileSync(0, 'utf8'));
  } catch (error) {
    process.stderr.write(`lint.mjs: no valid JSON on stdin: ${error.message}\n`);
    process.exit(2);
  }
  let output;
  try {
    output = lint(input);
  } catch (error) {
    process.stderr.write(`lint.mjs: ${error.message}\n`);
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(output) + '\n');
}

main();
