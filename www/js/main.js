// The page: wires the input, the worker engine and the views together. State lives
// here: the text, the options (period override, rules) and the last Report.

import { byId, debounce, el, replaceKids } from './dom.js';
import { applyStatic, lang, setLang, t } from './i18n.js';
import { createEngine, isOffline } from './engine.js';
import { ACCEPT, fileBytes, installDrop, pastedContent } from './input.js';
import { periodChoices, renderOverview } from './overview.js';
import { renderUnits } from './units.js';
import { createRowsView } from './rows.js';
import { loadRules, renderRules } from './rules.js';
import { copyTable, exportCsv, exportJson, exportXlsx } from './exports.js';

const SAMPLE_URL = 'sample/fuling-2023h1.txt';

const state = {
  text: '',
  source: 'text',
  fileName: null,
  periodChoice: 'auto',
  rules: null,
  defaults: null,
  report: null,
  sample: null,
  running: false,
  pending: false,
  tab: 'overview',
  exports: [],
};

const engine = createEngine();
const ui = {};
const messages = new Map();

/** Shows a message made by `make` (a function, so it can be redone in another language). */
function say(node, make) {
  messages.set(node, make);
  node.textContent = make ? make() : '';
}

/** The options sent with an analysis. */
function currentOptions() {
  const options = { rules: state.rules };
  const choice = periodChoices().find((c) => c.value === state.periodChoice);
  if (choice) {
    options.period = choice.elapsed;
    options.periodLabel = choice.label;
  }
  if (state.fileName) options.fileName = state.fileName;
  return options;
}

/** The largest input the page analyses: 64 MiB, a file's bytes or the text's UTF-8 size.
 * A real report is well under 1 MB; the core needs about 6× the input in wasm memory at
 * its peak and the page holds the Report twice (worker and page), so 64 MB keeps the tab
 * within what an office PC has. Bigger inputs are refused, before they are read, with a
 * message naming their size and the limit. */
const MAX_INPUT = 64 * 1024 * 1024;

/** The UTF-8 size of a text, counted without encoding it (a copy of 50 MB takes a while). */
function utf8Size(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}

/** A size for people: "850 KB", "12.3 MB". */
function formatSize(bytes) {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** True (and the result cleared, the refusal shown) when an input of `bytes` is over the limit. */
function refuseIfTooBig(bytes) {
  if (bytes <= MAX_INPUT) return false;
  state.report = null;
  render();
  say(ui.status, () => t('tooBig', formatSize(bytes), formatSize(MAX_INPUT)));
  document.body.dataset.refused = String(bytes);
  return true;
}

let busyTimer = 0;

/** Shows the busy state: a moving bar, what is being done, the input size and the seconds
 * so far (updated each second, so a long analysis visibly goes on). */
function setBusy(busy, what, bytes) {
  ui.busy.hidden = !busy;
  document.body.classList.toggle('is-busy', busy);
  clearInterval(busyTimer);
  if (!busy) return;
  const started = performance.now();
  const size = formatSize(bytes);
  const show = () => say(ui.status, () => t('busyDetail', t(what), size, Math.floor((performance.now() - started) / 1000)));
  show();
  busyTimer = setInterval(show, 1000);
}

/** Lets the browser paint and handle input before the next step. */
function nextTask() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Records the wasm memory the worker reported (a high-water mark; for tests and the curious). */
function noteMemory(memory) {
  if (typeof memory === 'number') document.body.dataset.wasmMemory = String(memory);
}

/** Runs the analysis on the current text; coalesces requests made while one runs. */
async function analyzeNow() {
  if (state.running) {
    state.pending = true;
    return;
  }
  if (!state.text.trim()) {
    state.report = null;
    render();
    say(ui.status, () => t('empty'));
    return;
  }
  const bytes = utf8Size(state.text);
  if (refuseIfTooBig(bytes)) return;
  state.running = true;
  setBusy(true, 'busy', bytes);
  try {
    const { result, ms, memory } = await engine.analyzeText(state.text, currentOptions());
    noteMemory(memory);
    if (!state.pending) {
      state.report = result;
      if (result.rows.length > BIG_REPORT) {
        say(ui.status, () => t('rendering'));
        await nextTask();
        await renderInSteps();
      } else {
        render();
      }
      say(ui.status, () => t('analyzed', result.rows.length, ms));
    }
  } catch (err) {
    say(ui.status, () => String(err.message || err));
  } finally {
    state.running = false;
    setBusy(false);
    if (state.pending) {
      state.pending = false;
      analyzeNow();
    }
  }
}

/** Debounced analysis; waits longer for bigger inputs. */
const analyzeSoon = debounce(analyzeNow, () => Math.min(1500, 250 + state.text.length / 2000));

/** Inputs longer than this are not laid out in full in the textarea (that alone can
 * take the main thread a second); it shows the start, read-only, until asked. */
const BIG_INPUT = 300000;
/** Reports with more rows than this are rendered view by view, in separate tasks. */
const BIG_REPORT = 10000;
const PREVIEW = 20000;

/** Shows text in the input box: in full, or a read-only preview of a big input. */
function showInInput(text) {
  const big = text.length > BIG_INPUT;
  ui.input.readOnly = big;
  ui.input.value = big ? `${text.slice(0, PREVIEW)}\n…` : text;
  ui.editFull.hidden = !big;
  const kb = Math.round(text.length / 1024);
  say(ui.bigNote, big ? () => t('bigInput', kb) : null);
}

/** Sets the source text (from paste, file, sample or clear) and analyses it; `note` makes the note. */
function setText(text, source, note) {
  delete document.body.dataset.refused;
  const bytes = utf8Size(text);
  if (bytes > MAX_INPUT) text = '';
  state.text = text;
  state.source = source;
  showInInput(text);
  say(ui.note, note);
  analyzeSoon.cancel();
  if (!refuseIfTooBig(bytes)) analyzeNow();
}

/** Renders every view from state.report. */
function render() {
  for (const step of renderSteps()) step();
}

/** Renders a big report view by view, each in its own task, so that the page stays
 * responsive (a view of 100 000 rows takes the main thread a few hundred ms). */
async function renderInSteps() {
  for (const step of renderSteps()) {
    step();
    await nextTask();
  }
}

/** The steps of a render: the buttons and the overview, the units, the rows. */
function renderSteps() {
  const report = state.report;
  const overview = () => {
    ui.results.hidden = !report;
    ui.exportJson.disabled = !report;
    const can = new Set(state.exports);
    ui.exportCsv.disabled = !report || !can.has('csv');
    ui.copyTable.disabled = !report || !can.has('html');
    // .xlsx comes from the full module, which has it whenever the core has exporters.
    ui.exportXlsx.disabled = !report || !can.has('csv');
    ui.exportNote.hidden = can.has('csv');
    if (!report) return;
    renderOverview(ui.panels.overview, report, {
      periodChoice: state.periodChoice,
      onPeriod: (value) => {
        state.periodChoice = value;
        analyzeNow();
      },
      onFilter: (filters) => showRows(filters),
      onJump: (index) => {
        selectTab('rows');
        ui.rows.jumpTo(index);
      },
    });
  };
  if (!report) return [overview];
  return [
    overview,
    () => renderUnits(ui.panels.units, report, (unit) => showRows({ unit })),
    () => {
      ui.rows.setReport(report);
      // How many reports have been shown: lets a reader (or a test) see that a result is new.
      document.body.dataset.analyses = String(Number(document.body.dataset.analyses || 0) + 1);
    },
  ];
}

/** Switches to the rows tab with the given filters (others cleared). */
function showRows(filters) {
  selectTab('rows');
  ui.rows.setFilters({ light: '', unit: '', flag: '', text: '', ...filters }, true);
}

/** Selects a tab and shows its panel. */
function selectTab(name) {
  state.tab = name;
  for (const tab of ui.tabs) {
    const on = tab.dataset.tab === name;
    tab.setAttribute('aria-selected', on ? 'true' : 'false');
    tab.tabIndex = on ? 0 : -1;
    ui.panels[tab.dataset.tab].hidden = !on;
  }
}

/** Arrow keys move between tabs (the WAI-ARIA tabs pattern). */
function onTabKey(event) {
  const i = ui.tabs.indexOf(event.target);
  if (i < 0) return;
  const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
  if (!step) return;
  event.preventDefault();
  const next = ui.tabs[(i + step + ui.tabs.length) % ui.tabs.length];
  selectTab(next.dataset.tab);
  next.focus();
}

/** Reads an opened or dropped file: text is decoded and shown, .docx/.xlsx analysed as bytes. */
async function openFile(file) {
  state.fileName = file.name;
  delete document.body.dataset.refused;
  if (file.size > MAX_INPUT) {
    // Refused before a byte is read.
    analyzeSoon.cancel();
    state.text = '';
    showInInput('');
    say(ui.note, () => `${t('sourceFile')}${file.name}`);
    refuseIfTooBig(file.size);
    return;
  }
  try {
    setBusy(true, 'reading', file.size);
    const bytes = await fileBytes(file);
    const { result } = await engine.decode(bytes.slice());
    if (result.text !== null) {
      setText(result.text, 'file', () => `${t('sourceFile')}${file.name}（${result.label}）`);
      return;
    }
    if (result.label !== 'zip') throw new Error(t('notText'));
    setBusy(true, 'loadingFull', file.size);
    const { result: report, ms, memory } = await engine.analyzeBytes(bytes, currentOptions());
    noteMemory(memory);
    state.text = '';
    showInInput('');
    say(ui.note, () => `${t('sourceFile')}${file.name}`);
    state.report = report;
    render();
    say(ui.status, () => t('analyzed', report.rows.length, ms));
  } catch (err) {
    say(ui.status, () => `${t('fileError')}${err.message || err}`);
  } finally {
    // A text file is being analysed by now (analyzeNow shows its own progress).
    if (!state.running) setBusy(false);
  }
}

/** Paste: HTML tables, big texts and pastes over the sample or outside the box replace
 * the whole input; other plain text goes in at the cursor. */
function onPaste(event) {
  const target = event.target;
  const elsewhere = target !== ui.input;
  if (elsewhere && target instanceof Element && target.closest('input, textarea, select, [contenteditable]')) return;
  const got = pastedContent(event.clipboardData);
  if (!got) return;
  event.preventDefault();
  state.fileName = null;
  const input = ui.input;
  if (got.kind === 'html' || state.source === 'sample' || elsewhere || input.readOnly || got.text.length > BIG_INPUT) {
    setText(got.text, got.kind, got.kind === 'html' ? () => t('sourceHtml') : null);
    return;
  }
  input.setRangeText(got.text, input.selectionStart, input.selectionEnd, 'end');
  state.text = input.value;
  state.source = 'text';
  say(ui.note, null);
  analyzeNow();
}

/** Loads the sample report (inlined in the offline file, fetched when served). */
async function loadSample() {
  if (state.sample === null) {
    const inline = document.getElementById('duban-sample');
    if (inline) {
      const bin = atob(inline.textContent.trim());
      state.sample = new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
    } else {
      const response = await fetch(SAMPLE_URL);
      state.sample = response.ok ? await response.text() : '';
    }
  }
  state.fileName = null;
  setText(state.sample, 'sample', () => t('sampleNote'));
}

/** Applies new rules (from the editor) and re-analyses. */
function onRules(rules, reset) {
  state.rules = rules;
  if (reset) renderRules(ui.panels.rules, state.rules, state.defaults.rules, onRules);
  analyzeNow();
}

/** Switches the interface language and redraws. */
function toggleLang() {
  setLang(lang() === 'zh' ? 'en' : 'zh');
  try {
    localStorage.setItem('duban.lang', lang());
  } catch {
    // Not fatal.
  }
  applyStatic(document);
  for (const [node, make] of messages) node.textContent = make ? make() : '';
  renderRules(ui.panels.rules, state.rules, state.defaults.rules, onRules);
  if (state.report) render();
}

/** Finds the page's elements and installs the listeners. */
function wire() {
  ui.input = byId('input');
  ui.note = byId('input-note');
  ui.status = byId('status');
  ui.busy = byId('busy');
  ui.results = byId('results');
  ui.exportJson = byId('export-json');
  ui.tabs = [...document.querySelectorAll('[role=tab]')];
  ui.panels = Object.fromEntries(ui.tabs.map((tab) => [tab.dataset.tab, byId(tab.getAttribute('aria-controls'))]));
  ui.rows = createRowsView(ui.panels.rows);
  const file = byId('file');
  file.setAttribute('accept', ACCEPT);
  file.addEventListener('change', () => file.files[0] && openFile(file.files[0]));
  byId('open-file').addEventListener('click', () => file.click());
  byId('clear').addEventListener('click', () => {
    state.fileName = null;
    setText('', 'text', null);
    ui.input.focus();
  });
  byId('load-sample').addEventListener('click', loadSample);
  byId('lang').addEventListener('click', toggleLang);
  byId('print').addEventListener('click', () => window.print());
  ui.exportJson.addEventListener('click', () => state.report && exportJson(state.report));
  ui.exportCsv = byId('export-csv');
  ui.exportXlsx = byId('export-xlsx');
  ui.copyTable = byId('copy-table');
  ui.exportNote = byId('export-note');
  const exporting = (run, done) => async () => {
    if (!state.report) return;
    try {
      await run();
      if (done) say(ui.status, done);
    } catch (err) {
      say(ui.status, () => `${t('exportError')}${err.message || err}`);
    }
  };
  ui.exportCsv.addEventListener('click', exporting(() => exportCsv(engine, state.report)));
  ui.exportXlsx.addEventListener('click', exporting(() => exportXlsx(engine, state.report, state.fileName)));
  ui.copyTable.addEventListener('click', exporting(() => copyTable(engine, state.report), () => t('copied')));
  document.addEventListener('paste', onPaste);
  ui.editFull = byId('edit-full');
  ui.bigNote = byId('big-note');
  ui.editFull.addEventListener('click', () => {
    ui.input.readOnly = false;
    ui.input.value = state.text;
    ui.editFull.hidden = true;
    say(ui.bigNote, null);
  });
  ui.input.addEventListener('input', () => {
    if (ui.input.readOnly) return;
    state.text = ui.input.value;
    state.source = 'text';
    analyzeSoon();
  });
  installDrop(byId('input-area'), openFile);
  for (const tab of ui.tabs) tab.addEventListener('click', () => selectTab(tab.dataset.tab));
  byId('tabs').addEventListener('keydown', onTabKey);
  window.addEventListener('beforeprint', () => ui.rows.renderAll());
  document.body.classList.toggle('offline', isOffline());
}

/** Starts the page: language, engine, rules, then the sample on first open. */
async function main() {
  try {
    setLang(localStorage.getItem('duban.lang') || 'zh');
  } catch {
    setLang('zh');
  }
  applyStatic(document);
  wire();
  selectTab('overview');
  try {
    const { result: caps } = await engine.ready();
    state.exports = caps.exports;
    state.defaults = (await engine.defaults()).result;
    state.rules = loadRules(state.defaults.rules);
    renderRules(ui.panels.rules, state.rules, state.defaults.rules, onRules);
    await loadSample();
  } catch (err) {
    replaceKids(ui.status, el('strong', null, String(err.message || err)));
  }
}

main();
