// End-to-end tests of the Keys pane (dist/) in headless Chromium: the remote's keys verify the
// token's signature, in the extras module the app fetches from its own origin the first time (the
// three files, once, carrying nothing of the input); another cluster's keys fail it with the API
// server's own error; keys that are not usable say why, with their line.

import { test } from "node:test";
import assert from "node:assert/strict";
import { assertNothingLeaked, openApp, screenshot, useBrowser } from "./harness.mjs";

useBrowser();

const finding = (page, id) => page.locator(`[data-testid=finding][data-id=${id}]`);

test("the remote's keys verify the token; another's fail it; unusable keys say why", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  // Nothing of the extras is in the first load.
  assert.deepEqual(opened.extrasFetched(), []);
  await page.selectOption("[data-testid=examples]", "healthy");
  await page.locator("[data-testid=verdict][data-verdict=ok]").waitFor();
  await finding(page, "token-signature-unverified").waitFor();
  const token = await page.evaluate(() => document.querySelector("[data-testid=input]").value.match(/token: (\S+)/)[1]);

  // The example's own keys: verified, with the key that did it.
  await page.getByTestId("keys").locator("summary").click();
  await page.getByTestId("keys-use-example").click();
  await finding(page, "token-signature-verified").waitFor();
  assert.match(await page.getByTestId("keys-summary").textContent(), /^1 key read: key 1 \(kid "sample-[0-9a-f]{8}"\) \(ECDSA P-256\)\.$/);
  assert.equal(await finding(page, "token-signature-unverified").count(), 0);
  assert.equal(await page.getByTestId("verdict").getAttribute("data-verdict"), "ok");
  const jwks = await page.getByTestId("keys-input").inputValue();

  // Another cluster's keys (another kid): the API server finds no key and says so.
  await page.getByTestId("keys-input").fill(jwks.replace(/"kid":"[^"]+"/, '"kid":"another-cluster"'));
  await finding(page, "token-signature-invalid").waitFor();
  assert.equal(await page.getByTestId("verdict").getAttribute("data-verdict"), "failing");
  assert.match(await finding(page, "token-signature-invalid").textContent(), /invalid signature, no keys found/);
  await screenshot(page, "keys-invalid-light");

  // Keys that are not usable: each problem with its line, and the token stays unverified.
  await page.getByTestId("keys-input").fill('{\n  "keys": [\n    {"kty": "oct", "k": "c2VjcmV0"}\n  ]\n}');
  await page.getByTestId("keys-problems").filter({ hasText: "Line 3: key 1: a symmetric key" }).waitFor();
  await finding(page, "token-signature-unverified").waitFor();
  assert.match(await finding(page, "token-signature-unverified").textContent(), /none of the given keys is usable/);
  assert.equal(await page.getByTestId("verdict").getAttribute("data-verdict"), "ok");

  // The extras came from this site, each file once; nothing else was asked for.
  assert.deepEqual(
    opened.extrasFetched().map((url) => new URL(url).pathname).sort(),
    ["/extras/extras.js", "/extras/extras_bg.wasm", "/extras/loader.js"],
  );
  const kept = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!kept.includes("another-cluster"), "the keys are not in the URL or storage");
  await assertNothingLeaked(opened, token);
  await context.close();
});

test("a sample whose token another cluster signed fails with the sample's own keys", async () => {
  const opened = await openApp({ colorScheme: "dark" });
  const { page, context } = opened;
  await page.getByTestId("generate-panel").locator("summary").click();
  await page.getByTestId("fault-foreign-token").check();
  await page.getByTestId("build-sample").click();
  await page.locator("[data-testid=verdict]").first().waitFor();
  await page.getByTestId("keys").locator("summary").click();
  await page.getByTestId("keys-use-example").click();
  await finding(page, "token-signature-invalid").waitFor();
  assert.equal(await page.getByTestId("verdict").getAttribute("data-verdict"), "failing");
  await page.getByTestId("keys").scrollIntoViewIfNeeded();
  await screenshot(page, "keys-foreign-dark");
  await assertNothingLeaked(opened);
  await context.close();
});
