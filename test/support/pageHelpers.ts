// What many end-to-end tests do on the way to what they check, said once: add a folder on the Library tab,
// say yes to the estimate, wait for the captions. Each step waits for the page rather than for a time.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Library tab: types the folder's path and adds it. */
export async function addFolder(page: Page, path: string): Promise<void> {
  await page.getByTestId('nav-library').click();
  await page.getByTestId('folder-path-input').fill(path);
  await page.getByTestId('folder-add').click();
}

/** Opens the app at `url`, adds `folder` and waits until its photos wait for approval (the scan found them). */
export async function openWithFolder(
  page: Page,
  url: string,
  folder: string,
  timeoutMs = 30_000,
): Promise<void> {
  await page.goto(url);
  await addFolder(page, folder);
  await page.getByTestId('approval-banner').waitFor({ timeout: timeoutMs });
}

/** Opens the estimate from the banner that says photos wait for approval. */
export async function openEstimate(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.getByTestId('approval-banner').click({ timeout: timeoutMs });
}

/** The banner, the estimate, and yes: the waiting photos are captioned (within the budget). */
export async function approveCaptions(page: Page, timeoutMs = 30_000): Promise<void> {
  await openEstimate(page, timeoutMs);
  await page.getByTestId('estimate-approve').click({ timeout: 10_000 });
}

/** Adds the folder, approves the estimate and waits until its `count` photos are captioned. */
export async function addAndCaptionFolder(page: Page, folder: string, count: number): Promise<void> {
  await addFolder(page, folder);
  await approveCaptions(page);
  await waitForCaptions(page, count);
}

/** Until the status bar counts `count` photos captioned. */
export async function waitForCaptions(page: Page, count: number, timeoutMs = 60_000): Promise<void> {
  await expect
    .poll(async () => Number((await page.getByTestId('queue-done').innerText()).replace(/\D/g, '')), {
      timeout: timeoutMs,
      interval: 500,
    })
    .toBe(count);
}
