// Debian's Chromium driven by playwright-core (no browser download), one fresh browser
// context and page per test, a full-page screenshot in test-results/ when a test fails,
// and an accessibility check with axe that fails on serious and critical violations.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  after,
  afterEach,
  before,
  beforeEach,
  type SuiteContext,
  type TestContext,
} from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from './server.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const resultsDir = join(projectRoot, 'test-results');
/**
 * How long a page action or wait may take. CI runs these files two at a time beside the unit
 * suites on two cores, where a page that answers in 200 ms alone was seen to take over 10 s.
 */
export const ACTION_TIMEOUT_MS = 20_000;

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `no Chromium at ${chromiumPath}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH`,
    );
  }
  return await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    // The machine's network is closed: without these Chromium keeps trying to reach Google.
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface BrowserFixture {
  readonly browser: Browser;
  /** The current test's context (fresh cookies and storage for every test). */
  readonly context: BrowserContext;
  /** The current test's page. */
  readonly page: Page;
  /** Errors thrown by the page's scripts during the current test. */
  readonly pageErrors: readonly Error[];
}

/** A file-name-safe version of a test's full name. */
export function screenshotName(testName: string): string {
  const safe = testName
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 150);
  return `${safe || 'test'}.png`;
}

/**
 * Registers hooks in the current file or `describe`: one browser for all its tests, a new
 * context and page before each test, a screenshot when a test fails. Use the returned
 * object's `page` inside tests.
 */
export function useBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): BrowserFixture {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let page: Page | undefined;
  let pageErrors: Error[] = [];

  before(async () => {
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    browser = undefined;
  });

  beforeEach(async () => {
    if (!browser) throw new Error('the browser did not start');
    context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
    });
    page = await context.newPage();
    page.setDefaultTimeout(ACTION_TIMEOUT_MS);
    pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(error));
  });

  afterEach(async (context_: TestContext | SuiteContext) => {
    // In afterEach the context is the finished test's; `passed` is there at run time (Node
    // >= 21.7) though @types/node does not declare it yet.
    const t = context_ as TestContext & { passed?: boolean };
    try {
      if (page && t.passed === false) {
        mkdirSync(resultsDir, { recursive: true });
        const file = join(resultsDir, screenshotName(t.fullName));
        try {
          await page.screenshot({ path: file, fullPage: true, timeout: 10_000 });
          t.diagnostic(`screenshot of ${page.url()}: ${file}`);
          process.stderr.write(
            `[e2e] "${t.fullName}" failed on ${page.url()}; screenshot: ${file}\n`,
          );
        } catch (error) {
          process.stderr.write(
            `[e2e] could not save a screenshot for "${t.fullName}": ${String(error)}\n`,
          );
        }
        for (const error of pageErrors)
          process.stderr.write(`[e2e] page error: ${error.message}\n`);
      }
    } finally {
      await context?.close();
      context = undefined;
      page = undefined;
    }
  });

  return {
    get browser() {
      if (!browser) throw new Error('the browser is used outside a test');
      return browser;
    },
    get context() {
      if (!context) throw new Error('the browser context is used outside a test');
      return context;
    },
    get page() {
      if (!page) throw new Error('the page is used outside a test');
      return page;
    },
    get pageErrors() {
      return pageErrors;
    },
  };
}

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>;
type Violation = AxeResults['violations'][number];

const FAILING_IMPACTS = new Set(['serious', 'critical']);

function describeViolation(v: Violation): string {
  const lines = [`  [${v.impact ?? 'unknown'}] ${v.id}: ${v.help}`, `    ${v.helpUrl}`];
  for (const node of v.nodes.slice(0, 10)) {
    lines.push(`    at ${node.target.join(' ')}`);
    lines.push(`       ${node.html.replace(/\s+/g, ' ').slice(0, 200)}`);
    if (node.failureSummary) {
      for (const l of node.failureSummary.split('\n')) lines.push(`       ${l.trim()}`);
    }
  }
  if (v.nodes.length > 10) lines.push(`    … and ${v.nodes.length - 10} more elements`);
  return lines.join('\n');
}

/**
 * Runs axe on the page as it is now. Throws, listing every violation readably, when one has
 * impact serious or critical; minor and moderate ones are printed but do not fail.
 */
export async function checkA11y(
  page: Page,
  options: { include?: string; exclude?: string[]; disableRules?: string[] } = {},
): Promise<AxeResults> {
  let builder = new AxeBuilder({ page });
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();

  const failing = results.violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
  const other = results.violations.filter((v) => !FAILING_IMPACTS.has(v.impact ?? ''));
  if (other.length > 0) {
    process.stderr.write(
      `[a11y] ${other.length} minor/moderate issue(s) on ${page.url()} (not failing):\n` +
        other.map(describeViolation).join('\n') +
        '\n',
    );
  }
  if (failing.length > 0) {
    throw new Error(
      `${failing.length} serious/critical accessibility violation(s) on ${page.url()}:\n` +
        failing.map(describeViolation).join('\n'),
    );
  }
  return results;
}
