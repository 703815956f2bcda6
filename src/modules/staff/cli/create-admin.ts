// npm run create-admin -- --email ann@example.com --name "Ann" [--role admin] [--password …]
//
// Creates a staff user. Opens the database itself, so on the embedded database the store
// must be stopped first (one process per data directory). Without --password it asks for
// one on a terminal; run without a terminal, it generates one and prints it once.
import { parseArgs } from 'node:util';
import { openForCommand } from '../../../platform/db/command-line.ts';
import { Problem } from '../../../platform/http/problem.ts';
import { createStaffUser, generatePassword, isStaffRole } from '../service.ts';

const USAGE = `Usage: npm run create-admin -- --email <email> --name <name> [--role admin|lead|agent] [--password <password>]`;

/** A failure explained to the user; thrown so that the database and lock are released first. */
class CliError extends Error {
  override name = 'CliError';
}

function fail(message: string): never {
  throw new CliError(message);
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stdout.write(question);
    let value = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') return done();
        if (char === '\u0003') return done(new Error('cancelled'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    input.on('data', onData);
  });
}

async function choosePassword(
  given: string | undefined,
): Promise<{ password: string; generated: boolean }> {
  if (given !== undefined) return { password: given, generated: false };
  if (!process.stdin.isTTY) return { password: generatePassword(), generated: true };
  const first = await promptHidden('Password (at least 10 characters): ');
  const second = await promptHidden('Same password again: ');
  if (first !== second) fail('the two passwords differ; nothing was created.');
  return { password: first, generated: false };
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', default: 'admin' },
        password: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(`${(error as Error).message}\n${USAGE}`);
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!args.email || !args.name) fail(`--email and --name are required.\n${USAGE}`);
  const role = args.role ?? 'admin';
  if (!isStaffRole(role)) fail(`--role must be admin, lead or agent (got "${role}").`);

  const { password, generated } = await choosePassword(args.password);
  const { config, database, unlock } = await openForCommand(
    fail,
    'Stop the store (Ctrl+C or SIGTERM), run this command again, then start the store.',
  );
  try {
    try {
      const user = await createStaffUser(database.db, {
        email: args.email,
        name: args.name,
        role,
        password,
      });
      process.stdout.write(
        `Created ${user.role} ${user.name} <${user.email}>. Sign in at ${config.baseUrl}/staff/sign-in\n`,
      );
      if (generated)
        process.stdout.write(`Password (shown once, keep it somewhere safe): ${password}\n`);
    } catch (error) {
      if (error instanceof Problem)
        fail(error.errors?.length ? (error.detail ?? error.title) : error.title);
      throw error;
    } finally {
      await database.close();
    }
  } finally {
    unlock();
  }
}

main().catch((error: unknown) => {
  const message =
    error instanceof CliError ? error.message : ((error as Error).stack ?? String(error));
  process.stderr.write(`create-admin: ${message}\n`);
  process.exit(1);
});
