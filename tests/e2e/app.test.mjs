// End-to-end tests of the inspector page (dist/) in headless Chromium: paste, examples, files,
// findings and the editor's selection, masking, redaction, settings, big lists, layouts.

import { test } from "node:test";
import assert from "node:assert/strict";
import { assertNothingLeaked, example, openApp, paste, screenshot, secretDump, tokenOf, useBrowser } from "./harness.mjs";

useBrowser();

const verdictOf = async (page) => page.locator("[data-testid=verdict]").first().getAttribute("data-verdict");

test("a healthy secret gets an ok verdict, decoded cards, and nothing leaves the page", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const secret = example("healthy");
  await paste(page, secret);
  await page.locator("[data-testid=verdict]").first().waitFor();
  assert.equal(await page.locator("[data-testid=verdict]").count(), 1);
  assert.equal(await verdictOf(page), "ok");
  assert.match(await page.getByTestId("verdict-summary").textContent(), /istiod will add cluster cluster2/);
  assert.equal(await page.getByTestId("headline").textContent(), "1 cluster: 1 ok.");
  // The decoded cards: Secret, kubeconfig, the CA certificate and the token's claims.
  assert.match(await page.getByTestId("card-kubeconfig").textContent(), /https:\/\/10\.0\.0\.2:6443/);
  assert.match(await page.getByTestId("card-certificate").textContent(), /expires in \d+ (days|years)/);
  const claims = await page.getByTestId("card-token").textContent();
  assert.match(claims, /istio-reader-service-account/);
  assert.ok(!claims.includes(tokenOf(secret)), "the card shows the token masked");
  await screenshot(page, "healthy-light");
  await assertNothingLeaked(opened, tokenOf(secret));
  await context.close();
});

test("an empty page says what to paste and offers the examples", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const intro = page.getByTestId("intro");
  assert.match(await intro.textContent(), /istioctl create-remote-secret/);
  assert.equal(await page.getByTestId("redact-copy").isDisabled(), true, "nothing to redact yet");
  await intro.getByRole("button", { name: "missing-label" }).click();
  await page.locator("[data-testid=verdict][data-verdict=ignored]").waitFor();
  assert.equal(await page.getByTestId("intro").count(), 0);
  await page.getByTestId("clear").click();
  await intro.waitFor();
  await assertNothingLeaked(opened);
  await context.close();
});

test("every built-in example gives its verdict", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const expected = {
    healthy: "ok",
    "loopback-server": "failing",
    "expired-ca": "failing",
    "missing-label": "ignored",
    "exec-plugin": "rejected",
    "two-auth-methods": "rejected",
  };
  for (const [name, verdict] of Object.entries(expected)) {
    await page.selectOption("[data-testid=examples]", name);
    await page.locator(`[data-testid=verdict][data-verdict=${verdict}]`).waitFor();
    assert.match(await page.getByTestId("status").textContent(), new RegExp(`Loaded the ${name} example`));
    const text = await page.inputValue("[data-testid=input]");
    assert.match(text, /kind: Secret/);
  }
  assert.match(await page.locator("[data-testid=istiod-log]").textContent(), /more than one authentication method/);
  await assertNothingLeaked(opened);
  await context.close();
});

test("clicking a finding selects its line in the editor and its step in the diagram", async () => {
  const opened = await openApp({ colorScheme: "dark" });
  const { page, context } = opened;
  const secret = example("loopback-server");
  await paste(page, secret);
  await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
  const finding = page.locator("[data-testid=finding][data-id=server-loopback]");
  assert.equal(await finding.getAttribute("data-line"), "17");
  await finding.locator("button").click();
  const selection = await page.$eval("[data-testid=input]", (area) =>
    area.value.slice(area.selectionStart, area.selectionEnd),
  );
  assert.equal(selection, secret.split("\n")[16], "the selection is line 17");
  assert.equal(await page.getByTestId("highlighted-line").getAttribute("data-line"), "17");
  assert.equal(await page.locator("[data-testid=diagram] [data-step='3']").getAttribute("data-state"), "broken");
  assert.match(await page.getByTestId("step-position").textContent(), /Step 3 of 14/);
  assert.match(page.url(), /#step=3$/);
  await screenshot(page, "loopback-dark");
  await assertNothingLeaked(opened, tokenOf(secret));
  await context.close();
});

test("an opened explanation stays open while the input is edited", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const secret = example("loopback-server");
  await paste(page, secret);
  const finding = page.locator("[data-testid=finding][data-id=server-loopback]");
  await finding.locator("summary").click();
  assert.equal(await finding.locator("details").getAttribute("open"), "");
  // The explanation comes from the extras module, fetched the first time one is opened.
  await finding.locator("details dd", { hasText: "Regenerate" }).waitFor();
  const explanation = await finding.locator("details").textContent();
  assert.match(explanation, /Why.*istiod itself.*Fix.*Regenerate.*Source/s);
  assert.doesNotMatch(explanation, /Loading/);
  await paste(page, secret + "# a comment at the end\n");
  await page.waitForFunction(() => document.querySelector("[data-testid=input]").value.endsWith("end\n"));
  assert.equal(await finding.locator("details").getAttribute("open"), "", "still open");
  // Choosing it after the edit selects the right line: the item follows the new report.
  await finding.locator("button").click();
  assert.equal(await page.getByTestId("highlighted-line").getAttribute("data-line"), "17");
  // Opening it fetched the extras module, and nothing of the input went with it.
  await assertNothingLeaked(opened, tokenOf(secret));
  await context.close();
});

test("a verdict quotes what istiod logs, or what kubectl apply answers, and sources link to a release", async () => {
  const opened = await openApp({ colorScheme: "dark" });
  const { page, context } = opened;
  const healthy = example("healthy");
  // A current-context that names no context: Validate refuses it, and the verdict quotes the line.
  await paste(page, healthy.replace("current-context: cluster2", "current-context: nowhere"));
  await page.locator("[data-testid=verdict][data-verdict=rejected]").waitFor();
  assert.equal(
    await page.getByTestId("istiod-log").textContent(),
    "Add cluster: create remote cluster failed: kubeconfig is not valid: invalid configuration: context was not found for specified context: nowhere",
  );
  const finding = page.locator("[data-testid=finding][data-id=kubeconfig-current-context]");
  await finding.locator("summary").click();
  await finding.locator(".rsi-finding__source a").first().waitFor();
  const links = await finding.locator(".rsi-finding__source a").evaluateAll((anchors) => anchors.map((a) => a.href));
  assert.ok(links.length >= 2, "both client-go sources are links");
  for (const href of links) assert.match(href, /^https:\/\/github\.com\/kubernetes\/client-go\/blob\/v0\.34\.0\//);
  // A name the API server refuses: the Secret is ignored, with kubectl's answer and no istiod line.
  await paste(page, healthy.replace("name: istio-remote-secret-cluster2", "name: Remote_Cluster2"));
  await page.locator("[data-testid=verdict][data-verdict=ignored]").waitFor();
  assert.match(
    await page.getByTestId("api-server-answer").textContent(),
    /^The Secret "Remote_Cluster2" is invalid: metadata.name: Invalid value: "Remote_Cluster2": a lowercase RFC 1123 subdomain/,
  );
  assert.equal(await page.getByTestId("istiod-log").count(), 0);
  await screenshot(page, "refused-dark");
  await assertNothingLeaked(opened, tokenOf(healthy));
  await context.close();
});

test("a verdict's line follows lines typed above its Secret", async () => {
  const opened = await openApp();
  const { page } = opened;
  await paste(page, example("healthy"));
  const where = page.locator("[data-testid=verdict] .rsi-verdict__where");
  const line = Number((await where.textContent()).match(/line (\d+)$/)[1]);
  await page.getByTestId("input").evaluate((area) => {
    area.focus();
    area.setSelectionRange(0, 0);
  });
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await where.filter({ hasText: new RegExp(`line ${line + 2}$`) }).waitFor();
  await assertNothingLeaked(opened);
});

test("garbage is data: a syntax error with its line, not a dead page", async () => {
  const { page, context } = await openApp();
  await paste(page, "apiVersion: v1\nkind: Secret\nmetadata: [\n");
  const finding = page.locator("[data-testid=finding][data-id=yaml-syntax]");
  await finding.waitFor();
  assert.match(await finding.textContent(), /line 4/);
  await paste(page, example("missing-label"));
  await page.locator("[data-testid=verdict][data-verdict=ignored]").waitFor();
  await context.close();
});

test("a dropped file and an opened file are inspected", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const secret = example("exec-plugin");
  const transfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], "remote-secret.yaml", { type: "application/yaml" }));
    return transfer;
  }, secret);
  await page.dispatchEvent(".rsi-app", "dragover", { dataTransfer: transfer });
  await page.dispatchEvent(".rsi-app", "drop", { dataTransfer: transfer });
  await page.locator("[data-testid=verdict][data-verdict=rejected]").waitFor();
  assert.equal(await page.inputValue("[data-testid=input]"), secret);
  assert.match(await page.getByTestId("status").textContent(), /Loaded remote-secret\.yaml/);

  // Text dragged about (within the editor, say) is not taken for a file.
  const text = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.setData("text/plain", "kind: Secret");
    return transfer;
  });
  await page.dispatchEvent(".rsi-pane--results", "drop", { dataTransfer: text });
  assert.equal(await page.inputValue("[data-testid=input]"), secret, "a text drop elsewhere changes nothing");

  // A file far bigger than any remote secret is refused with a reason, not read.
  await page.setInputFiles("[data-testid=file-input]", {
    name: "huge.bin",
    mimeType: "application/octet-stream",
    buffer: Buffer.alloc(17_000_000, 0x41),
  });
  await page.getByTestId("status").filter({ hasText: "huge.bin is 17.0 MB" }).waitFor();
  assert.equal(await page.inputValue("[data-testid=input]"), secret, "the input is kept");

  await page.setInputFiles("[data-testid=file-input]", {
    name: "healthy.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(example("healthy")),
  });
  await page.locator("[data-testid=verdict][data-verdict=ok]").waitFor();
  assert.match(await page.getByTestId("status").textContent(), /Loaded healthy\.yaml/);
  await assertNothingLeaked(opened);
  await context.close();
});

test("secrets are masked on screen until revealed", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const secret = example("healthy");
  const token = tokenOf(secret);
  await paste(page, secret);
  await page.locator("[data-testid=verdict]").first().waitFor();
  const mirror = page.getByTestId("mirror");
  assert.ok(!(await mirror.textContent()).includes(token), "masked by default");
  assert.match(await mirror.textContent(), /token: •{20,}/);
  // The textarea's own glyphs are transparent: only the mirror is visible.
  const fill = await page.$eval("[data-testid=input]", (area) => getComputedStyle(area).webkitTextFillColor);
  assert.equal(fill, "rgba(0, 0, 0, 0)");
  await page.getByTestId("reveal").click();
  assert.equal(await page.getByTestId("reveal").getAttribute("aria-pressed"), "true");
  assert.ok((await mirror.textContent()).includes(token), "shown when revealed");
  await page.getByTestId("reveal").click();
  assert.ok(!(await mirror.textContent()).includes(token), "masked again");
  await assertNothingLeaked(opened, token);
  await context.close();
});

test("masking follows what is typed within a line", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const secret = example("healthy");
  const token = tokenOf(secret);
  await paste(page, secret);
  await page.locator("[data-testid=verdict]").first().waitFor();
  const mirror = page.getByTestId("mirror");
  const help = page.locator("#rsi-editor-help");
  const lineOf = async (start) =>
    (await mirror.textContent())
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line.startsWith(start));
  assert.match(await help.textContent(), /^1 secret value masked/);
  // Typed at the token's end: the mask grows with it (the spans after an edit within a line are
  // moved, not found again: this is the path that takes).
  const area = page.getByTestId("input");
  const tokenEnd = secret.indexOf(token) + token.length;
  await area.evaluate((element, at) => element.setSelectionRange(at, at), tokenEnd);
  await page.keyboard.type("QQ");
  assert.equal(await lineOf("token:"), `token: ${"•".repeat(token.length + 2)}`);
  // A password typed after the server's address, in flow style, is masked as it appears.
  const server = secret.indexOf("server: ") + "server: https://10.0.0.2:6443".length;
  await area.evaluate((element, at) => element.setSelectionRange(at, at), server);
  await page.keyboard.type(", password: hunter2");
  await page.waitForFunction(() => /^2 secret values masked/.test(document.querySelector("#rsi-editor-help").textContent));
  assert.equal(await lineOf("server:"), "server: https://10.0.0.2:6443, password: •••••••");
  for (let i = 0; i < ", password: hunter2".length; i++) await page.keyboard.press("Backspace");
  await page.waitForFunction(() => /^1 secret value masked/.test(document.querySelector("#rsi-editor-help").textContent));
  assert.equal(await lineOf("server:"), "server: https://10.0.0.2:6443");
  assert.ok(!(await mirror.textContent()).includes("hunter"));
  await assertNothingLeaked(opened, token);
  await context.close();
});

test("redact and copy puts placeholders on the clipboard, never the token", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const secret = example("healthy");
  await paste(page, secret);
  await page.locator("[data-testid=verdict]").first().waitFor();
  await page.getByTestId("redact-copy").click();
  await page.getByTestId("status").filter({ hasText: "Copied the input" }).waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(!copied.includes(tokenOf(secret)));
  assert.match(copied, /token: \{TOKEN\}/);
  assert.match(copied, /certificate-authority-data: \{CERTIFICATE\}/);
  assert.equal(copied.split("\n").length, secret.split("\n").length, "the structure is kept");
  await assertNothingLeaked(opened, tokenOf(secret));
  await context.close();
});

test("settings change the report and live in the URL, never the input", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const secret = example("healthy");
  await paste(page, secret);
  await page.locator("[data-testid=verdict][data-verdict=ok]").waitFor();
  await page.locator("[data-testid=settings] summary").click();
  await page.fill("[data-testid=setting-primary-cluster-id]", "cluster2");
  await page.locator("[data-testid=verdict][data-verdict=rejected]").waitFor();
  assert.ok(await page.locator("[data-testid=finding][data-id=cluster-id-is-primary]").count());
  assert.match(page.url(), /\?primary=cluster2/);

  // Time travel: eleven years on, the CA has expired.
  await page.fill("[data-testid=setting-now]", "2037-01-01T00:00:00Z");
  await page.locator("[data-testid=finding][data-id=cert-expired]").waitFor();
  await page.fill("[data-testid=setting-now]", "not a time");
  assert.match(await page.locator(".rsi-field__error").filter({ hasText: "RFC 3339" }).textContent(), /not an RFC 3339 time/);

  // A link with settings reproduces them.
  const second = await openApp({ path: "/?primary=cluster2&allow=exec" });
  assert.equal(await second.page.inputValue("[data-testid=setting-primary-cluster-id]"), "cluster2");
  await paste(second.page, example("exec-plugin"));
  await second.page.locator("[data-testid=verdict]").first().waitFor();
  assert.equal(await second.page.locator("[data-testid=finding][data-id=auth-exec-forbidden]").count(), 0);
  await assertNothingLeaked(opened, tokenOf(secret));
  await second.context.close();
  await context.close();
});

test("a dump of hundreds of Secrets stays responsive and summarises the rest", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const dump = secretDump(600, 12);
  const started = Date.now();
  await paste(page, dump);
  await page.locator("[data-testid=verdict]").first().waitFor();
  const elapsed = Date.now() - started;
  console.log(`# a ${(dump.length / 1024).toFixed(0)} KiB dump of 612 Secrets was inspected and shown in ${elapsed} ms`);
  assert.equal(await page.locator("[data-testid=verdict]").count(), 12);
  assert.match(await page.getByTestId("headline").textContent(), /12 clusters: 12 ok\. 600 other Secrets/);
  // Scrolled far down, the editor draws the lines in view (and only a window of them).
  const middle = await scrollEditorTo(page, 0.5);
  const mirror = page.getByTestId("mirror");
  await page.waitForFunction(
    (line) => Number(document.querySelector("[data-testid=mirror]").dataset.firstLine) > line - 60,
    middle,
  );
  const first = Number(await mirror.getAttribute("data-first-line"));
  assert.ok(first <= middle, `the window (from ${first}) covers line ${middle}`);
  const shownLines = (await mirror.textContent()).split("\n");
  assert.equal(shownLines[middle - first].trimEnd(), dump.split("\n")[middle - 1].trimEnd());
  assert.ok(shownLines.length < 200, "only a window of the 5,000 lines is drawn");
  // Filtering away the selected cluster selects the one shown: its cards, not cluster2's.
  assert.match(await page.locator("#rsi-decoded-heading").textContent(), /cluster2\b/);
  await page.fill("[data-testid=cluster-filter]", "CLUSTER13");
  assert.equal(await page.locator("[data-testid=verdict]").count(), 1);
  await page.locator("#rsi-decoded-heading").filter({ hasText: "cluster13" }).waitFor();
  assert.equal(await page.locator("[data-testid=verdict] button").getAttribute("aria-pressed"), "true");
  // A filter that still shows the selected cluster keeps it.
  await page.fill("[data-testid=cluster-filter]", "cluster1");
  assert.ok((await page.locator("[data-testid=verdict]").count()) > 1);
  assert.match(await page.locator("#rsi-decoded-heading").textContent(), /cluster13/);
  await screenshot(page, "big-list-light", { fullPage: false });
  await assertNothingLeaked(opened);
  await context.close();
});

test("a long input is edited through a window of lines: typing, undo, select-all, a finding's line", async () => {
  const opened = await openApp();
  const { page, context } = opened;
  const dump = secretDump(600, 12);
  const lines = dump.split("\n");
  await paste(page, dump);
  await page.locator("[data-testid=verdict]").first().waitFor();
  const input = page.getByTestId("input");
  const held = await input.inputValue();
  assert.ok(held.length < dump.length / 10, `the textarea holds a window (${held.length} of ${dump.length} bytes)`);
  // As after a paste into a textarea, the caret is at the end, and the end is in view.
  assert.equal(held, lines.slice(lines.length - held.split("\n").length).join("\n"), "the last lines, as they are");
  assert.match(await page.locator("#rsi-editor-help").textContent(), /browser's find searches those/);

  // Scrolled to cluster13's server, the textarea holds its lines; typing there changes the text.
  const server = lines.findIndex((line, index) => line.includes("server: https://") && lines.slice(0, index).join("\n").includes("cluster13"));
  await scrollEditorTo(page, (server - 5) / lines.length);
  await page.waitForFunction((line) => {
    const area = document.querySelector("[data-testid=input]");
    const first = Number(area.style.top.match(/\d+/)[0]) + 1;
    return first <= line && line < first + area.value.split("\n").length;
  }, server + 1);
  await input.evaluate((area, [line, first]) => {
    const before = area.value.split("\n").slice(0, line - first).join("\n").length + 1;
    const at = before + area.value.split("\n")[line - first].indexOf("https") + 4;
    area.focus();
    area.setSelectionRange(at, at + 1);
  }, [server, await heldFrom(page)]);
  await page.keyboard.press("Backspace");
  await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
  assert.equal(await copyAll(page), [...lines.slice(0, server), lines[server].replace("https", "http"), ...lines.slice(server + 1)].join("\n"));
  // Undo is the editor's own: the textarea's was lost with its first refill.
  await page.keyboard.press("Escape");
  await input.focus();
  await page.keyboard.press("Control+Z");
  await page.waitForFunction(() => !document.querySelector("[data-testid=verdict][data-verdict=failing]"));
  assert.equal(await copyAll(page), dump, "undone");
  await page.keyboard.press("Control+Shift+Z");
  await page.locator("[data-testid=verdict][data-verdict=failing]").waitFor();
  await page.keyboard.press("Control+Z");
  await page.waitForFunction(() => !document.querySelector("[data-testid=verdict][data-verdict=failing]"));

  // A finding's line is selected far down the text, and a caret scrolled out of the window comes
  // back when the user types.
  await page.fill("[data-testid=cluster-filter]", "cluster13");
  const finding = page.locator("[data-testid=finding][data-id=token-long-lived]");
  const tokenLine = Number(await finding.getAttribute("data-line"));
  await finding.locator("button").click();
  const selected = await input.evaluate((area) => area.value.slice(area.selectionStart, area.selectionEnd));
  assert.equal(selected, lines[tokenLine - 1], "the finding's line is selected");
  await input.focus();
  await page.keyboard.press("Home");
  await scrollEditorTo(page, 0);
  await page.waitForFunction(() => document.querySelector("[data-testid=input]").style.top.startsWith("calc(0 "));
  await page.keyboard.type("# ");
  assert.equal(await copyAll(page), [...lines.slice(0, tokenLine - 1), `# ${lines[tokenLine - 1]}`, ...lines.slice(tokenLine)].join("\n"));
  assert.ok((await heldFrom(page)) > tokenLine - 60, "the window came back to the caret");
  await page.keyboard.press("Control+Z");
  assert.equal(await copyAll(page), dump, "what was typed is undone at once");

  // Select-all then typing replaces the whole text, not the window; undo brings it back.
  await page.keyboard.press("Control+A");
  await page.keyboard.type("x");
  await page.getByText("12 clusters").waitFor({ state: "detached" });
  assert.equal(await input.inputValue(), "x");
  await page.keyboard.press("Control+Z");
  await page.getByText("12 clusters: 12 ok").waitFor();
  assert.equal(await copyAll(page), dump);

  // The arrows go past the lines first held, as the window follows the caret; Ctrl+End and
  // Ctrl+Home reach the text's ends, not the window's.
  await page.keyboard.press("Control+Home");
  assert.equal(await caretLine(page), 1);
  for (let step = 0; step < 120; step++) {
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(20);
  }
  assert.equal(await caretLine(page), 121);
  await page.keyboard.press("Control+End");
  assert.equal(await caretLine(page), lines.length);
  await screenshot(page, "long-input-window", { fullPage: false });
  await assertNothingLeaked(opened);
  await context.close();
});

/** The 0-based line the editor's textarea holds from: it stands on the sheet at that line. */
async function heldFrom(page) {
  return page.$eval("[data-testid=input]", (area) => Number(area.style.top.match(/\d+/)[0]));
}

/** The 1-based line of the text the caret is on. */
async function caretLine(page) {
  const before = await page.$eval("[data-testid=input]", (area) => area.value.slice(0, area.selectionStart).split("\n").length);
  return (await heldFrom(page)) + before;
}

/** Scrolls the editor to `fraction` of its height; returns the 1-based line at the top. */
async function scrollEditorTo(page, fraction) {
  return page.$eval(
    "[data-testid=editor-scroller]",
    (scroller, fraction) => {
      scroller.scrollTop = scroller.scrollHeight * fraction;
      scroller.dispatchEvent(new Event("scroll"));
      const lineHeight = parseFloat(getComputedStyle(document.querySelector("[data-testid=input]")).lineHeight);
      return Math.floor(scroller.scrollTop / lineHeight) + 1;
    },
    fraction,
  );
}

/** Ctrl+A, then a copy event: what the editor puts on the clipboard for the whole text. */
async function copyAll(page) {
  await page.getByTestId("input").focus();
  await page.keyboard.press("Control+A");
  return page.$eval("[data-testid=input]", (area) => {
    const data = new DataTransfer();
    area.dispatchEvent(new ClipboardEvent("copy", { clipboardData: data, bubbles: true, cancelable: true }));
    return data.getData("text/plain");
  });
}

test("the page fits a phone and a 4K screen in both themes", async () => {
  for (const [width, height, colorScheme] of [
    [390, 844, "dark"],
    [390, 844, "light"],
    [2560, 1440, "light"],
    [3840, 2160, "dark"],
  ]) {
    const { page, context } = await openApp({ width, height, colorScheme });
    await paste(page, example("two-auth-methods"));
    await page.locator("[data-testid=verdict]").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at ${width}px (${overflow}px too wide)`);
    await screenshot(page, `layout-${width}-${colorScheme}`, { fullPage: false });
    await context.close();
  }
});

test("everything can be reached with the keyboard, with visible labels", async () => {
  const { page, context } = await openApp();
  await paste(page, example("loopback-server"));
  await page.locator("[data-testid=verdict]").first().waitFor();
  // Every form control has an accessible name.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll("button, select, textarea, input:not([type=file])")]
      .filter((element) => {
        const label = element.labels?.[0]?.textContent || element.getAttribute("aria-label") || element.textContent;
        return !label || !label.trim();
      })
      .map((element) => element.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unnamed, []);
  // Tab from the editor reaches the finding's button; Enter selects its line.
  await page.focus("[data-testid=input]");
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press("Tab");
    reached = await page.evaluate(() => document.activeElement?.closest("[data-testid=finding]") !== null);
  }
  assert.ok(reached, "a finding is reachable with Tab");
  await page.keyboard.press("Enter");
  assert.equal(await page.getByTestId("highlighted-line").getAttribute("data-line"), "17");
  await context.close();
});
