// Privacy, proved in one session: after the page loads, paste a secret with a real-looking
// token and use every feature (reveal and mask, settings, each finding, the diagram step by
// step, download and copy of the SVG, the embed snippet, redact and copy, generate, a sample,
// the embed view), then find no request, and no byte of the token in storage, IndexedDB,
// cookies, the URL, the history state or the console, and no CSP violation. Claims holding
// markup render as text.

import { test } from "node:test";
import assert from "node:assert/strict";
import { assertNothingLeaked, example, openApp, paste, tokenOf, useBrowser } from "./harness.mjs";

useBrowser();

const base64url = (text) => Buffer.from(text).toString("base64url");

/** A real-looking token whose claims hold markup and a script. */
function hostileToken() {
  const header = base64url(JSON.stringify({ alg: "RS256", kid: "prod-2026" }));
  const claims = base64url(
    JSON.stringify({
      iss: "kubernetes/serviceaccount",
      sub: "system:serviceaccount:istio-system:<img src=x onerror=window.__pwned=1>",
      "kubernetes.io/serviceaccount/namespace": "istio-system",
      "kubernetes.io/serviceaccount/service-account.name": "<script>window.__pwned=2</script>",
    }),
  );
  return `${header}.${claims}.${base64url("a signature of realistic length ".repeat(8))}`;
}

test("every feature, one session: nothing of the token leaves the page or is stored, markup stays text", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const token = hostileToken();
  const secret = example("healthy").replace(tokenOf(example("healthy")), token);
  await paste(page, secret);
  await page.locator("[data-testid=verdict]").first().waitFor();

  // Reveal, then mask again.
  await page.getByTestId("reveal").click();
  await page.getByTestId("reveal").click();
  // Settings: change one, which goes to the URL (settings only).
  await page.getByTestId("settings").locator("summary").click();
  await page.getByTestId("setting-warn-within").fill("7d");
  await page.waitForFunction(() => location.search.includes("warn=7d"));
  // Each finding, and its explanation.
  for (const finding of await page.locator("[data-testid=finding]").all()) {
    await finding.locator("button").first().click();
    await finding.locator("summary").click();
  }
  // The diagram, step by step, then play and stop.
  for (let step = 0; step < 3; step += 1) await page.getByTestId("step-next").click();
  await page.getByTestId("step-previous").click();
  await page.getByTestId("step-play").click();
  await page.getByTestId("step-play").click();
  // Download and copy the SVG, and the embed snippet.
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-svg").click()]);
  assert.ok(download.suggestedFilename().endsWith(".svg"));
  await page.getByTestId("copy-svg").click();
  await page.getByTestId("copy-embed").click();
  // Redact and copy: placeholders only.
  await page.getByTestId("redact-copy").click();
  await page.getByTestId("status").filter({ hasText: "Copied the input" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(!copied.includes(token.slice(0, 30)), "the redacted copy holds no token");
  // Generate from parts (with this token), and build a sample.
  await page.getByTestId("generate-panel").locator("summary").click();
  await page.getByTestId("generate-name").fill("cluster2");
  await page.getByTestId("generate-server").fill("https://10.0.0.2:6443");
  await page.getByTestId("generate-ca").fill(Buffer.from(secret.match(/certificate-authority-data: (\S+)/)[1], "base64").toString());
  await page.getByTestId("generate-token").fill(token);
  await page.getByTestId("generate-verdict").waitFor();
  await page.getByTestId("fault-expired-ca").check();
  await page.getByTestId("build-sample").click();
  await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
  // Keys and certificates: the sample's own, verified in the extras module fetched from this site.
  await page.getByTestId("keys").locator("summary").click();
  await page.getByTestId("keys-use-example").click();
  await page.locator("[data-testid=finding][data-id=token-signature-verified]").waitFor();
  await page.getByTestId("keys-input").fill(token);
  await page.getByTestId("keys-problems").filter({ hasText: "Line 1" }).waitFor();
  // Back to the hostile token: its claims are shown, as text.
  await paste(page, secret);
  await page.getByTestId("card-token").waitFor();
  const card = await page.getByTestId("card-token").innerHTML();
  assert.ok(!card.includes("<img") && !card.includes("<script"), "markup in claims is escaped");
  assert.equal(await page.evaluate(() => window.__pwned), undefined, "no script from a claim ran");

  // Nothing of the token anywhere the page can keep or send it.
  const probe = token.slice(0, 24);
  const kept = await page.evaluate(async () => ({
    history: JSON.stringify(history.state),
    url: location.href,
    databases: JSON.stringify(indexedDB.databases ? await indexedDB.databases() : []),
  }));
  assert.ok(!kept.history.includes(probe), "not in the history state");
  assert.ok(!kept.url.includes(probe), "not in the URL");
  assert.equal(kept.databases, "[]", "no IndexedDB database");
  await assertNothingLeaked(opened, token);
  await context.close();

  // The embed view keeps the same promises.
  const embed = await openApp({ path: "/?embed=diagram&step=8&theme=dark", ready: "[data-testid=diagram]" });
  await embed.page.getByTestId("step-next").click();
  await assertNothingLeaked(embed);
  await embed.context.close();
});
