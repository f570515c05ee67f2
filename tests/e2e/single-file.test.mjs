// The offline single file (`cargo xtask dist --single-file`, written by the release-build step of
// `cargo xtask test`): opened from disk (file://), it inspects a secret with no request at all,
// under its own CSP, which allows no fetch.

import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { assertNothingLeaked, example, openApp, paste, root, tokenOf, useBrowser } from "./harness.mjs";

useBrowser();

test("the single file works from disk, offline, under a CSP that allows no fetch", async () => {
  const url = pathToFileURL(join(root, "dist-single", "remote-secret-inspector.html")).href;
  const opened = await openApp({ url });
  const { page, context } = opened;
  const policy = await page.evaluate(() => document.querySelector("meta[http-equiv=Content-Security-Policy]").content);
  assert.match(policy, /connect-src 'none'/);
  const secret = example("healthy");
  await paste(page, secret);
  await page.locator("[data-testid=verdict][data-verdict=ok]").waitFor();
  assert.match(await page.getByTestId("headline").textContent(), /1 cluster: 1 ok/);
  // Generating works offline too: the sample builder's keys are made in the page.
  await page.getByTestId("generate-panel").locator("summary").click();
  await page.getByTestId("fault-loopback-server").check();
  await page.getByTestId("build-sample").click();
  await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
  // Signatures are verified offline too: the extras module is inline, started from its bytes.
  await page.getByTestId("keys").locator("summary").click();
  await page.getByTestId("keys-use-example").click();
  await page.locator("[data-testid=finding][data-id=token-signature-verified]").waitFor();
  await assertNothingLeaked(opened, tokenOf(secret));
  assert.deepEqual(opened.extrasFetched(), [], "nothing fetched, not even the extras");
  await context.close();
});
