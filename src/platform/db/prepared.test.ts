import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import { deferWrite, type Db } from './database.ts';
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

const kept = pgTable('kept', { n: integer('n').notNull() });
const once = pgTable('once', { n: integer('n').primaryKey() });
/** A drizzle message of a failed statement names PostgreSQL's error in its cause. */
const failedWith = (pattern: RegExp) => (error: Error) => pattern.test(`${error.message} ${String((error.cause as Error | undefined)?.message)}`);

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

  /** Runs `work` with drizzle on a pool of one connection and a count of the round trips that connection makes (one ReadyForQuery each); ends the pool after. */
  async function onOneConnection(work: (on: { db: ReturnType<typeof drizzle>; roundTrips: () => number }) => Promise<void>): Promise<void> {
    const pool = preparingPool({ connectionString: url, max: 1 });
    try {
      const client = await pool.connect();
      client.release();
      let count = 0;
      (client as unknown as { connection: { on(event: string, listener: () => void): void } }).connection.on('readyForQuery', () => count++);
      const db = drizzle({ client: pool });
      await db.execute(sql`create temp table kept (n int)`);
      await work({ db, roundTrips: () => count });
    } finally {
      await pool.end();
    }
  }

  it('sends a transaction’s begin with its first statement: one round trip fewer, the same transaction', async () => {
    await onOneConnection(async ({ db, roundTrips }) => {
      for (let i = 0; i < 3; i++) {
        const before = roundTrips();
        const [first, second] = await db.transaction(async (tx) => {
          const a = await tx.execute(sql`select now()::text as at, ${i}::int as i`);
          await tx.execute(sql`select pg_sleep(0.02), ${i}::int`);
          const b = await tx.execute(sql`select now()::text as at, ${i}::int as i`);
          return [a.rows[0]!.at, b.rows[0]!.at];
        });
        // now() is the transaction's start: the same throughout only inside one transaction.
        assert.equal(second, first);
        // The first transaction prepares begin on the connection (begin on its own, 5 round trips); later ones send it with the first statement.
        assert.equal(roundTrips() - before, i === 0 ? 5 : 4);
      }
    });
  });

  it('rolls back what the transaction wrote when it fails, and commits what it wrote when it ends', async () => {
    await onOneConnection(async ({ db }) => {
      for (let i = 0; i < 2; i++) {
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.execute(sql`insert into kept values (${i})`);
            throw new Error('changed my mind');
          }),
          /changed my mind/,
        );
      }
      await db.transaction(async (tx) => void (await tx.execute(sql`insert into kept values (${7})`)));
      const { rows } = await db.execute(sql`select n from kept`);
      assert.deepEqual(rows, [{ n: 7 }]);
    });
  });

  it('fails a transaction whose first statement is refused, and leaves the connection in working order', async () => {
    await onOneConnection(async ({ db }) => {
      await db.transaction(async (tx) => void (await tx.execute(sql`select ${1}::int`)));
      for (let i = 0; i < 2; i++) {
        await assert.rejects(db.transaction((tx) => tx.execute(sql`select ${i}::int from no_such_table`)), /no_such_table/);
        await assert.rejects(db.transaction((tx) => tx.execute(sql`select 1 / ${0}::int`)), (error: Error) => /division by zero/.test(String((error.cause as Error | undefined)?.message)));
      }
      await db.transaction(async (tx) => void (await tx.execute(sql`insert into kept values (${8})`)));
      const { rows } = await db.execute(sql`select n, (select count(*)::int from pg_prepared_statements where statement = 'begin') as begins from kept`);
      assert.deepEqual(rows, [{ n: 8, begins: 1 }]);
    });
  });

  it('sends nothing for a transaction that runs no statement, and runs one whose first statement has no parameters', async () => {
    await onOneConnection(async ({ db, roundTrips }) => {
      const before = roundTrips();
      assert.equal(await db.transaction(async () => 'nothing to do'), 'nothing to do');
      await assert.rejects(db.transaction(() => Promise.reject(new Error('before any statement'))), /before any statement/);
      assert.equal(roundTrips(), before);
      const [first, second] = await db.transaction(async (tx) => {
        const a = await tx.execute(sql`select now()::text as at`);
        await tx.execute(sql`select pg_sleep(0.02)`);
        const b = await tx.execute(sql`select now()::text as at`);
        return [a.rows[0]!.at, b.rows[0]!.at];
      });
      assert.equal(second, first);
    });
  });

  describe('deferred writes', () => {
    const keep = (tx: unknown, n: number) => deferWrite(tx as Db, (tx as Db).insert(kept).values({ n }));

    it('go out with the commit: the begin, the writes and the commit in one round trip', async () => {
      await onOneConnection(async ({ db, roundTrips }) => {
        for (let i = 0; i < 3; i++) {
          const before = roundTrips();
          await db.transaction(async (tx) => {
            await keep(tx, i);
            await keep(tx, i + 10);
          });
          // The first time, begin goes alone (and is prepared), the first write is sent and awaited (and prepared), and the second goes with the commit.
          assert.equal(roundTrips() - before, i === 0 ? 3 : 1);
        }
        const { rows } = await db.execute(sql`select n from kept order by n`);
        assert.deepEqual(rows.map((r) => r.n), [0, 1, 2, 10, 11, 12]);
      });
    });

    it('run before the statement that follows them, in its round trip', async () => {
      await onOneConnection(async ({ db, roundTrips }) => {
        for (let i = 0; i < 3; i++) {
          const before = roundTrips();
          const seen = await db.transaction(async (tx) => {
            await keep(tx, i);
            const { rows } = await tx.execute(sql`select count(*)::int as count from kept where n = ${i}`);
            return rows[0]!.count;
          });
          assert.equal(seen, 1);
          if (i > 0) assert.equal(roundTrips() - before, 2, 'the begin, the write and the read; then the commit');
        }
      });
    });

    it('run before a statement without parameters too, which goes after them', async () => {
      await onOneConnection(async ({ db }) => {
        for (let i = 0; i < 3; i++) {
          const seen = await db.transaction(async (tx) => {
            await keep(tx, i);
            const { rows } = await tx.execute(sql`select count(*)::int as count from kept`);
            return rows[0]!.count;
          });
          assert.equal(seen, i + 1);
        }
      });
    });

    it('fail the transaction with their own error when refused, write nothing, and leave the connection in working order', async () => {
      await onOneConnection(async ({ db }) => {
        await db.execute(sql`create temp table once (n int primary key)`);
        await db.insert(once).values({ n: 1 });
        for (let i = 0; i < 3; i++) {
          await assert.rejects(
            db.transaction(async (tx) => {
              await keep(tx, 100 + i);
              await deferWrite(tx as unknown as Db, tx.insert(once).values({ n: 1 }));
            }),
            failedWith(/duplicate key/),
          );
          // Refused before the statement after it: that one fails with the write's error, not with its own.
          await assert.rejects(
            db.transaction(async (tx) => {
              await deferWrite(tx as unknown as Db, tx.insert(once).values({ n: 1 }));
              await tx.execute(sql`select ${i}::int`);
            }),
            failedWith(/duplicate key/),
          );
        }
        await db.transaction((tx) => keep(tx, 7));
        const { rows } = await db.execute(sql`select n from kept`);
        assert.deepEqual(rows, [{ n: 7 }]);
      });
    });

    it('are never sent when the transaction rolls back', async () => {
      await onOneConnection(async ({ db, roundTrips }) => {
        await db.transaction((tx) => keep(tx, 0));
        await db.transaction((tx) => keep(tx, 1));
        const before = roundTrips();
        await assert.rejects(
          db.transaction(async (tx) => {
            await keep(tx, 2);
            throw new Error('changed my mind');
          }),
          /changed my mind/,
        );
        assert.equal(roundTrips(), before, 'neither the begin, the write nor the rollback had to go');
        const { rows } = await db.execute(sql`select n from kept order by n`);
        assert.deepEqual(rows.map((r) => r.n), [0, 1]);
      });
    });

    it('run at once outside a transaction', async () => {
      await onOneConnection(async ({ db }) => {
        for (let i = 0; i < 3; i++) {
          await keep(db, i);
          const { rows } = await db.execute(sql`select count(*)::int as count from kept`);
          assert.equal(rows[0]!.count, i + 1);
        }
      });
    });
  });
});
