/**
 * The bot as a Teams user meets it, in the Microsoft 365 Agents Playground rendered by headless Chromium.
 * Not part of `npm test` (it needs the Playground from the npm registry and Chromium): `npm run test:playground`.
 *
 * Starts the built bot (`dist/main.js`, unauthenticated on 127.0.0.1) and the Playground, then checks
 * in the page: a Dutch answer's text appears once; the Customer Lockbox answer to a Dutch question shows
 * the cross-language note once; "help" shows each example once; clicking the welcome card's example
 * button gets a cited answer. Screenshots go to $PLAYGROUND_SHOTS (default /tmp/playground-shots).
 *
 * Environment: PLAYGROUND_BIN (path of `agentsplayground`; default `npx -y @microsoft/m365agentsplayground`),
 * CHROMIUM (default /usr/bin/chromium).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { createTexts } from '../../src/bot/i18n';

const root = resolve(__dirname, '../..');
const shots = process.env.PLAYGROUND_SHOTS ?? '/tmp/playground-shots';
const texts = createTexts();

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => ok(port));
    });
  });
}

/** Starts a child process and resolves when its output matches `ready` (or rejects after `ms`). */
function start(cmd: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp, ms: number, cwd = root): Promise<{ child: ChildProcess; match: RegExpMatchArray }> {
  const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${cmd}: not ready within ${ms} ms:\n${out.slice(-2000)}`)), ms);
    const onData = (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = out.match(ready);
      if (match) {
        clearTimeout(timer);
        ok({ child, match });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => fail(new Error(`${cmd} exited with ${code}:\n${out.slice(-2000)}`)));
  });
}

/** The visible text of the page without the Playground's log panel (which echoes message text). */
async function chatText(page: Page): Promise<string> {
  // A string, not a function: the TypeScript runner would add helpers the page does not have.
  return page.evaluate<string>(`(() => {
    const starts = (e) => e instanceof HTMLElement && e.innerText.trimStart().startsWith('Log Panel');
    const panel = [...document.querySelectorAll('body *')].find((e) => starts(e) && !starts(e.parentElement));
    const all = document.body.innerText;
    return panel ? all.replace(panel.innerText, '') : all;
  })()`);
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

async function waitForCount(page: Page, needle: string, atLeast: number, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (count(await chatText(page), needle) >= atLeast) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`"${needle}" did not appear ${atLeast}× within ${ms} ms`);
}

async function ask(page: Page, question: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"]').first();
  await box.click();
  await page.keyboard.type(question);
  await page.keyboard.press('Enter');
}

const results: { check: string; ok: boolean; detail: string }[] = [];
function check(name: string, ok: boolean, detail: string): void {
  results.push({ check: name, ok, detail });
  process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${name}: ${detail}\n`);
}

async function main(): Promise<void> {
  mkdirSync(shots, { recursive: true });
  const botPort = await freePort();
  const pgPort = await freePort();
  const children: ChildProcess[] = [];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const bot = await start('node', ['dist/main.js'], { PORT: String(botPort), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'pg-data-')), MicrosoftAppId: '' }, /"msg":"listening"/, 60000);
    children.push(bot.child);
    const bin = process.env.PLAYGROUND_BIN;
    const [cmd, pre] = bin ? [bin, []] : ['npx', ['-y', '@microsoft/m365agentsplayground']];
    const pg = await start(cmd, [...pre, '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '--dt', '-p', String(pgPort)], { TEAMSAPPTESTER_BROWSER: 'none', APPLICATION_INSIGHTS_NO_STATSBEAT: 'true' }, /Listening on (\d+)/, 120000,
      // The Playground writes devTools/ logs into its working folder: keep them out of the repository.
      mkdtempSync(join(tmpdir(), 'pg-cwd-')));
    children.push(pg.child);
    const url = `http://127.0.0.1:${pg.match[1]}/`;

    // One fresh page per check, so every count is about one reply; the welcome arrives on load.
    const open = async (): Promise<Page> => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1400 } });
      await page.goto(url);
      await waitForCount(page, texts.t('help.examplesIntro', 'en'), 1, 30000);
      return page;
    };

    // 1. A Dutch answer's text appears once.
    {
      const page = await open();
      await ask(page, 'Hoe lang bewaart Microsoft mijn gegevens?');
      const quote = 'Gegevens worden standaard 180 dagen bewaard';
      await waitForCount(page, quote, 1);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(shots, '1-dutch-answer.png') });
      const n = count(await chatText(page), quote);
      check('Dutch answer text once', n === 1, `"${quote}" ×${n}, ${await page.locator('.fai-Citation').count()} citation pill(s)`);
      await page.close();
    }
    // 2. The Customer Lockbox answer to a Dutch question shows the cross-language note once.
    {
      const page = await open();
      await ask(page, 'Wat is Customer Lockbox?');
      await waitForCount(page, 'Customer Lockbox allows you to approve', 1);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(shots, '2-lockbox-note.png') });
      const text = await chatText(page);
      const note = texts.t('answer.otherLanguage', 'nl');
      check('cross-language note once', count(text, note) === 1 && count(text, 'Engelstalig') === 1, `note ×${count(text, note)}, "Engelstalig" ×${count(text, 'Engelstalig')}`);
      await page.close();
    }
    // 3. Help shows each example once (the welcome, on load, is in the page too: count after it).
    {
      const page = await open();
      const before = await chatText(page);
      await ask(page, 'help');
      await waitForCount(page, texts.t('help.examplesIntro', 'en'), 2);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(shots, '3-help.png') });
      const after = await chatText(page);
      const counts = texts.examples('en').map((e) => count(after, e) - count(before, e));
      check('help shows each example once', counts.every((c) => c === 1), texts.examples('en').map((e, i) => `"${e}" ×${counts[i]}`).join(', '));
      await page.close();
    }
    // 4. Clicking the welcome card's example button gets a cited answer.
    {
      const page = await open();
      const example = texts.examples('en')[0];
      await page.getByRole('button', { name: example }).first().click();
      await waitForCount(page, texts.t('card.feedbackPrompt', 'en'), 1, 20000);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(shots, '4-welcome-click.png') });
      // The Playground draws each citation of the entity as a pill (`.fai-Citation`) in the answer.
      const pills = await page.locator('.fai-Citation').count();
      check('welcome example button gets a cited answer', pills >= 1, `${pills} citation pill(s) after clicking "${example}"`);
      await page.close();
    }
  } finally {
    await browser.close();
    for (const c of children) c.kill('SIGTERM');
  }
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(`${results.length - failed.length}/${results.length} checks passed; screenshots in ${shots}\n`);
  process.exitCode = failed.length > 0 ? 1 : 0;
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
