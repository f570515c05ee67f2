// End-to-end tests of the Keys pane (dist/) in headless Chromium: the remote's keys verify the
// token's signature and the server's certificate is verified as client-go verifies it, in the extras module the app fetches from its own origin the first time (the
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

test("what the API server presents: verified for the sample, refused for a kind cluster's 127.0.0.1", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  await page.selectOption("[data-testid=examples]", "healthy");
  await page.locator("[data-testid=verdict][data-verdict=ok]").waitFor();
  await page.getByTestId("keys").locator("summary").click();
  await page.getByTestId("keys-use-example").click();
  await finding(page, "server-cert-verified").waitFor();
  assert.match(await finding(page, "server-cert-verified").textContent(), /verifies for 10\.0\.0\.2: kube-apiserver ← kubernetes/);
  assert.equal(await page.getByTestId("server-summary").textContent(), "1 certificate read: the leaf.");
  // As `openssl s_client -showcerts` prints it, chatter and all: the same verdict.
  const pem = await page.getByTestId("server-input").inputValue();
  await page.getByTestId("server-input").fill(`CONNECTED(00000003)\n---\nCertificate chain\n 0 s:CN = kube-apiserver\n${pem}---\nServer certificate\n`);
  await finding(page, "server-cert-verified").waitFor();

  // The same server certificate for a kind cluster's address: Go's name error.
  await page.getByTestId("generate-panel").locator("summary").click();
  await page.getByTestId("fault-loopback-server").check();
  await page.getByTestId("build-sample").click();
  await page.getByTestId("keys-use-example").click();
  await finding(page, "server-name-mismatch").waitFor();
  assert.match(
    await finding(page, "server-name-mismatch").textContent(),
    /tls: failed to verify certificate: x509: certificate is valid for 10\.0\.0\.2, not 127\.0\.0\.1/,
  );
  // A broken block is said with its line.
  await page.getByTestId("server-input").fill("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  await page.getByTestId("server-problems").filter({ hasText: "Line 1: not a certificate" }).waitFor();
  await screenshot(page, "keys-server-light");
  await assertNothingLeaked(opened);
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

test("when the extras module cannot be fetched, the page says so and asks for nothing else", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  // The module's wasm does not come (the loader itself comes, and says so at once).
  await page.route("**/extras/extras_bg.wasm", (route) => route.abort());
  await page.selectOption("[data-testid=examples]", "healthy");
  await page.getByTestId("status").filter({ hasText: "could not be loaded from this site" }).waitFor();
  assert.equal(await page.getByTestId("input").inputValue(), "", "no example without its maker");
  await page.getByTestId("keys").locator("summary").click();
  await page.getByTestId("keys-input").fill('{"keys": []}');
  await page.getByTestId("keys-summary").filter({ hasText: "could not be loaded from this site" }).waitFor();
  // The Generate panel, whose writer is in the module, says so too rather than wait.
  await page.getByTestId("generate-panel").locator("summary").click();
  await page.getByTestId("generate-name").fill("cluster2");
  await page.getByTestId("generate-waiting").filter({ hasText: "could not be loaded from this site" }).waitFor();
  // The three files were asked for once each, the wasm refused; nothing is asked for again.
  assert.deepEqual(
    opened.extrasFetched().map((url) => new URL(url).pathname).sort(),
    ["/extras/extras.js", "/extras/extras_bg.wasm", "/extras/loader.js"],
  );
  await assertNothingLeaked(opened);
  await context.close();
});
