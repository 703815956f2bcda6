import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { preparingPool, StatementNames } from './prepared.ts';

describe('statement names', () => {
  it('names a text the second time it is seen, and keeps that name', () => {
    const names = new StatementNames();
    assert.equal(names.nameFor('select $1'), undefined, 'a one-off text stays unnamed');
    const name = names.nameFor('select $1');
    assert.ok(name);
    assert.equal(names.nameFor('select $1'), name);
    assert.notEqual(names.nameFor('select $2') ?? names.nameFor('select $2'), name, 'another text, another name');
  });

  it('never names a generated text too long to repeat', () => {
    const names = new StatementNames();
    const long = `select ${'$1, '.repeat(4_000)}1`;
    assert.equal(names.nameFor(long), undefined);
    assert.equal(names.nameFor(long), undefined);
    assert.equal(names.size, 0);
  });

  it('stops naming at its cap, and keeps the names it gave', () => {
    const names = new StatementNames();
    const twice = (text: string) => {
      names.nameFor(text);
      return names.nameFor(text);
    };
    const first = twice('q0');
    for (let i = 1; i < 600; i++) twice(`q${i}`);
    assert.equal(names.size, 500);
    assert.equal(names.nameFor('q599'), undefined);
    assert.equal(names.nameFor('q0'), first);
  });
});

const url = process.env.TEST_DATABASE_URL;

describe('a preparing pool on PostgreSQL', { skip: url ? false : 'PostgreSQL only (TEST_DATABASE_URL)' }, () => {
  it('prepares a repeated statement once on its connection and answers it as before', async () => {
    const pool = preparingPool({ connectionString: url, max: 1 });
    try {
      for (let i = 0; i < 4; i++) {
        const { rows } = await pool.query('select $1::int + 1 as n', [i]);
        assert.equal(rows[0].n, i + 1);
      }
      const { rows } = await pool.query<{ count: number }>(`select count(*)::int as count from pg_prepared_statements where statement = 'select $1::int + 1 as n'`);
      assert.equal(rows[0]!.count, 1);
    } finally {
      await pool.end();
    }
  });

  it('leaves texts without parameters to the simple protocol, which runs several statements', async () => {
    const pool = preparingPool({ connectionString: url, max: 1 });
    try {
      for (let i = 0; i < 3; i++) {
        const results = (await pool.query({ text: 'select 1 as a; select 2 as b' })) as unknown as { rows: Record<string, number>[] }[];
        assert.deepEqual(results.map((r) => r.rows[0]), [{ a: 1 }, { b: 2 }]);
      }
    } finally {
      await pool.end();
    }
  });

  it('prepares again after a statement failed to parse, without confusing the connection', async () => {
    const pool = preparingPool({ connectionString: url, max: 1 });
    try {
      for (let i = 0; i < 3; i++) await assert.rejects(pool.query('select $1::int from no_such_table', [i]), /no_such_table/);
      const { rows } = await pool.query('select $1::int as n', [7]);
      assert.equal(rows[0].n, 7);
    } finally {
      await pool.end();
    }
  });
});
