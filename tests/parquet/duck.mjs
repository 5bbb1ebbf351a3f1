// Runs SQL statements in an in-memory DuckDB and prints the rows of the last one as JSON lines.
// Used by saring's Parquet tests to write Parquet files (COPY ... TO) and to read saring's
// Parquet output (SELECT ... FROM read_parquet(...)) with an independent implementation.
//
//   node duck.mjs "STATEMENT" ["STATEMENT" ...]
//
// @duckdb/node-api is looked up in $SARING_DUCKDB_DIR/node_modules, else beside this file.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const base = process.env.SARING_DUCKDB_DIR || here;
const require = createRequire(path.join(base, 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const statements = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
let rows = [];
for (const sql of statements) {
  const reader = await connection.runAndReadAll(sql);
  rows = reader.getRowObjectsJson();
}
for (const row of rows) process.stdout.write(JSON.stringify(row) + '\n');
