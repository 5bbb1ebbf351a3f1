// Opens a saring report.html in headless Chromium over the DevTools protocol (no npm packages:
// Node's built-in WebSocket) and checks that it loads without script errors or network requests,
// that its SVG plots and cluster table render, that its sortable tables work, and that every
// number marked data-stat equals the value at that path in stats.json. Saves a screenshot.
//
// Usage: node --experimental-websocket check_report.mjs CHROMIUM REPORT_HTML STATS_JSON SCREENSHOT_PNG
// Exit: 0 all checks pass, 1 a check failed (each failure is printed), 2 the browser could not be driven.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [chromium, reportPath, statsPath, screenshotPath] = process.argv.slice(2);
const stats = JSON.parse(readFileSync(statsPath, 'utf8'));
const profile = mkdtempSync(join(tmpdir(), 'saring-chromium-'));
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };

const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage', `--user-data-dir=${profile}`, '--remote-debugging-port=0', 'about:blank',
], { stdio: ['ignore', 'ignore', 'pipe'] });

// Stops Chromium and waits for it to exit before removing its profile: a browser still shutting
// down writes into the profile, and removing it under its feet fails with ENOTEMPTY.
async function cleanup() {
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  for (const signal of ['SIGTERM', 'SIGKILL']) {
    if (browser.exitCode !== null || browser.signalCode !== null) break;
    const exited = new Promise((r) => browser.once('exit', r));
    browser.kill(signal);
    await Promise.race([exited, sleep(5000)]);
  }
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (e) {  // a leftover temporary folder is not a failure of the report
    console.error(`browser check: could not remove ${profile}: ${e.message}`);
  }
}
const deadline = setTimeout(() => {
  console.error('browser check: timed out after 90 s');
  cleanup().finally(() => process.exit(2));
}, 90000);

const wsUrl = await new Promise((res, rej) => {
  let err = '';
  browser.stderr.on('data', (d) => {
    err += d;
    const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
    if (m) res(m[1]);
  });
  browser.on('exit', (code) => rej(new Error(`chromium exited with ${code}: ${err.slice(-2000)}`)));
}).catch(async (e) => { console.error(`browser check: ${e.message}`); await cleanup(); process.exit(2); });

const ws = new WebSocket(wsUrl);
await new Promise((res, rej) => { ws.onopen = res; ws.onerror = rej; });
let nextId = 1;
const pending = new Map();
const listeners = [];
ws.onmessage = (ev) => {
  const msg = JSON.parse(ev.data);
  if (msg.id && pending.has(msg.id)) {
    const { res, rej } = pending.get(msg.id);
    pending.delete(msg.id);
    msg.error ? rej(new Error(JSON.stringify(msg.error))) : res(msg.result);
  } else if (msg.method) {
    for (const l of listeners) l(msg);
  }
};
const send = (method, params = {}, sessionId) => new Promise((res, rej) => {
  const id = nextId++;
  pending.set(id, { res, rej });
  ws.send(JSON.stringify({ id, method, params, sessionId }));
});

const { targetId } = await send('Target.createTarget', { url: 'about:blank' });
const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
const errors = [];
const requests = [];
let loaded;
const loadedPromise = new Promise((res) => { loaded = res; });
listeners.push((msg) => {
  if (msg.sessionId !== sessionId) return;
  if (msg.method === 'Runtime.exceptionThrown') errors.push(msg.params.exceptionDetails.text + ' ' + (msg.params.exceptionDetails.exception?.description ?? ''));
  if (msg.method === 'Runtime.consoleAPICalled' && msg.params.type === 'error') errors.push('console.error: ' + JSON.stringify(msg.params.args));
  if (msg.method === 'Log.entryAdded' && msg.params.entry.level === 'error') errors.push('log: ' + msg.params.entry.text);
  if (msg.method === 'Network.requestWillBeSent') requests.push(msg.params.request.url);
  if (msg.method === 'Page.loadEventFired') loaded();
});
for (const domain of ['Runtime', 'Log', 'Page', 'Network']) await send(`${domain}.enable`, {}, sessionId);
await send('Emulation.setDeviceMetricsOverride', { width: 1200, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
await send('Page.navigate', { url: pathToFileURL(resolve(reportPath)).href }, sessionId);
await loadedPromise;

const evaluate = async (expression) => {
  const r = await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true }, sessionId);
  if (r.exceptionDetails) throw new Error('evaluate: ' + r.exceptionDetails.text);
  return r.result.value;
};

// What the page shows, measured in the page.
const page = await evaluate(`(() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return { w: r.width, h: r.height }; };
  const plots = {};
  document.querySelectorAll('svg.chart[data-plot]').forEach((svg) => {
    plots[svg.dataset.plot] = { ...box(svg), bars: svg.querySelectorAll('rect.bar').length,
                                drawn: [...svg.querySelectorAll('rect.bar')].filter((r) => r.getBBox().height > 0 || r.getBBox().width > 1).length };
  });
  const clusters = [...document.querySelectorAll('#clusters .cluster')].map((c) => ({
    size: +c.dataset.clusterSize, pairs: c.querySelectorAll('table.pair').length, ...box(c),
    highlighted: c.querySelectorAll('.only-m, .only-s').length }));
  const templates = document.querySelectorAll('#templates table tr').length;
  const stats = [...document.querySelectorAll('[data-stat]')].map((e) => ({ path: e.dataset.stat, text: e.textContent }));
  const embedded = JSON.parse(document.getElementById('saring-stats').textContent);
  // The per-file table sorts by a clicked header.
  const th = [...document.querySelectorAll('#files th')].find((t) => t.textContent === 'records');
  th.click();
  const col = th.cellIndex;
  const sorted = [...document.querySelectorAll('#files tbody tr')].map((r) => +r.cells[col].textContent.replace(/,/g, ''));
  return { plots, clusters, stats, embedded, sorted, templates, height: document.documentElement.scrollHeight };
})()`);

check(errors.length === 0, `script errors: ${errors.join(' | ')}`);
const foreign = requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:') && u !== 'about:blank');
check(foreign.length === 0, `network requests: ${foreign.join(', ')}`);
for (const name of ['removed-by-reason', 'length', 'cluster-sizes', 'similarity', 'languages']) {
  const p = page.plots[name];
  check(p && p.w > 100 && p.h > 20, `plot ${name} is not rendered (${JSON.stringify(p)})`);
}
for (const name of ['removed-by-reason', 'length']) {
  const p = page.plots[name];
  check(p && p.drawn > 0, `plot ${name} draws no bars (${JSON.stringify(p)})`);
}
const nearDups = stats.totals.removed.near_duplicate ?? 0;
if (nearDups > 0) {
  check(page.clusters.length > 0, 'no near-duplicate cluster is shown although near_duplicate > 0');
  check(page.clusters.every((c) => c.pairs > 0 && c.h > 50), `a cluster table does not render: ${JSON.stringify(page.clusters)}`);
  check(page.plots['cluster-sizes']?.drawn > 0, 'the cluster size histogram is empty');
}
// data-stat values are JSON Pointers (RFC 6901) into stats.json.
if (stats.spans_removed?.boilerplate_template) check(page.templates > 0, 'no boilerplate template samples are shown');
for (const [name, f] of Object.entries(stats.filters ?? {})) {
  check(page.stats.some((s) => s.path === `/filters/${name}/removed`), `filter ${name} has no removal rate on the page`);
}
const lookup = (pointer) => pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
  .reduce((o, k) => (o == null ? undefined : o[k]), stats);
check(page.stats.length >= 6, `only ${page.stats.length} data-stat numbers on the page`);
for (const { path, text } of page.stats) {
  const want = lookup(path);
  const shown = Number(text.replace(/,/g, ''));
  check(want !== undefined && shown === want, `${path}: page shows ${text}, stats.json has ${want}`);
}
for (const key of ['records', 'kept', 'removed_total', 'quarantined_total', 'bytes_in', 'bytes_kept']) {
  check(page.embedded[key] === stats.totals[key], `embedded ${key} = ${page.embedded[key]}, stats.json has ${stats.totals[key]}`);
}
check(page.embedded.shards.kept === stats.totals.kept, `kept shards hold ${page.embedded.shards.kept} records, ledger says ${stats.totals.kept}`);
check(page.sorted.every((v, i) => i === 0 || page.sorted[i - 1] <= v), `files table did not sort: ${page.sorted}`);

await send('Emulation.setDeviceMetricsOverride', { width: 1200, height: Math.min(page.height, 8000), deviceScaleFactor: 1, mobile: false }, sessionId);
const shot = await send('Page.captureScreenshot', { format: 'png' }, sessionId);
writeFileSync(screenshotPath, Buffer.from(shot.data, 'base64'));

clearTimeout(deadline);
ws.close();
await cleanup();
if (failures.length) {
  for (const f of failures) console.error(`FAIL: ${f}`);
  process.exit(1);
}
console.log(`browser check passed: ${Object.keys(page.plots).length} plots, ${page.clusters.length} clusters, ` +
            `${page.stats.length} numbers equal to stats.json; screenshot ${screenshotPath}`);
process.exit(0);
