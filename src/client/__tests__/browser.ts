import { chromium, type Browser, type Locator, type Page, type Response } from 'playwright-core';

/** Debian's chromium, installed by scripts/ci/install-chromium.sh; playwright never downloads one. */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** What the page reported as broken while the test ran: uncaught errors only. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];

  page.on('pageerror', (error) => errors.push(error.message));

  return errors;
}

/** Signs in through the sign-in form, as a user would; resolves once the admin UI shows. */
export async function signInThroughForm(page: Page, baseUrl: string, account: string, password: string) {
  await page.goto(`${baseUrl}/signin`);
  await page.getByPlaceholder(/Username\/Email/i).fill(account);
  await page.getByPlaceholder(/Password/i).fill(password);
  await page.getByRole('button', { name: /Sign in/i }).click();
  await page.waitForURL(/\/admin/);
}

/**
 * Clicks until the click sends a request to `urlPart`, and resolves to its response. The
 * workflow canvas ignores a submit that comes too soon after one its validation refused; a user
 * clicks again, and so does this.
 */
export async function clickUntilRequest(page: Page, button: Locator, urlPart: string): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const request = page.waitForRequest((sent) => sent.url().includes(urlPart), { timeout: 2_000 });

    await button.click();

    try {
      return (await (await request).response()) as Response;
    } catch (error) {
      if (attempt === 5) {
        throw error;
      }
    }
  }
}
