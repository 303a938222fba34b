// In-page instrumentation, injected before any page script (context.addInitScript). Plain JS:
// the bench's tsconfig has no DOM lib. Everything lands on window.__bench.
(() => {
  if (window.__bench) return;
  const B = {
    longtasks: [],
    lcp: 0,
    cls: 0,
    rowSelector: 'table[aria-label="Tasks"] tbody tr, table#naive tbody tr',
    firstRowAt: null,
    firstRowPaint: null,
    frames: null,
    mutationBatches: null,
    seen: null,
  };
  window.__bench = B;
  const observe = (type, fn) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(fn)).observe({
        type,
        buffered: true,
      });
    } catch {
      /* entry type unsupported */
    }
  };
  observe('longtask', (e) => B.longtasks.push({ start: e.startTime, duration: e.duration }));
  observe('largest-contentful-paint', (e) => (B.lcp = e.startTime));
  observe('layout-shift', (e) => {
    if (!e.hadRecentInput) B.cls += e.value;
  });

  // "Painted" = the first task after the next animation frame: style, layout and paint ran.
  B.afterPaint = () =>
    new Promise((resolve) =>
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now()), 0)),
    );

  const onMutations = () => {
    if (B.firstRowAt === null && document.querySelector(B.rowSelector)) {
      B.firstRowAt = performance.now();
      B.afterPaint().then((t) => (B.firstRowPaint = t));
    }
    if (B.mutationBatches) B.mutationBatches.current++;
  };
  new MutationObserver(onMutations).observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
  });

  /** responseEnd of the last list response that finished before the first row appeared. */
  B.dataArrival = (pattern) => {
    const re = new RegExp(pattern || 'executions/history/');
    let end = null;
    for (const e of performance.getEntriesByType('resource')) {
      if (!re.test(e.name)) continue;
      if (B.firstRowAt !== null && e.responseEnd > B.firstRowAt) continue;
      if (end === null || e.responseEnd > end) end = e.responseEnd;
    }
    return end;
  };

  B.domNodes = () => document.getElementsByTagName('*').length;
  B.rowCount = () => document.querySelectorAll(B.rowSelector).length;

  /** The element that scrolls the rows: nearest scrollable ancestor of a row, else the page. */
  B.scroller = () => {
    let el = document.querySelector(B.rowSelector);
    while (el && el !== document.body) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowY) && el.scrollHeight > el.clientHeight) return el;
      el = el.parentElement;
    }
    return document.scrollingElement;
  };

  /** Scrolls `pxPerFrame` every frame for `ms`; resolves with the frame intervals. */
  B.scriptedScroll = (ms, pxPerFrame) =>
    new Promise((resolve) => {
      const el = B.scroller();
      const stamps = [];
      const start = performance.now();
      const step = (t) => {
        stamps.push(t);
        el.scrollTop += pxPerFrame;
        if (t - start < ms) requestAnimationFrame(step);
        else
          resolve({
            intervals: stamps.slice(1).map((s, i) => s - stamps[i]),
            durationMs: t - start,
          });
      };
      requestAnimationFrame(step);
    });

  /** Counts DOM-mutating tasks per animation frame (a stand-in for renders per frame). */
  B.startMutationFrames = () => {
    const state = { current: 0, perFrame: [], running: true };
    B.mutationBatches = state;
    const tick = () => {
      if (!state.running) return;
      state.perFrame.push(state.current);
      state.current = 0;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  B.stopMutationFrames = () => {
    const state = B.mutationBatches;
    if (!state) return [];
    state.running = false;
    B.mutationBatches = null;
    return state.perFrame.filter((n) => n > 0);
  };

  /**
   * Watches for bench events ("bench event <seq>" with "sent <epoch ms>") appearing in the DOM and
   * records when each sequence number first became visible, in epoch ms comparable with Node's.
   */
  B.watchBenchEvents = () => {
    const seen = new Map();
    B.seen = seen;
    const re = /bench event (\d+)/g;
    const scan = (node) => {
      const text = node.nodeType === 3 ? node.data : node.textContent || '';
      if (!text.includes('bench event')) return;
      const now = performance.timeOrigin + performance.now();
      for (const m of text.matchAll(re)) {
        const seq = Number(m[1]);
        if (!seen.has(seq)) seen.set(seq, now);
      }
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'characterData') scan(r.target);
        r.addedNodes.forEach(scan);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  };
  B.benchEventsSeen = () => (B.seen ? [...B.seen.entries()] : []);

  /**
   * Input → next paint for the next `count` keystrokes on `selector` (or clicks): the event's own
   * timestamp (includes input delay) to the first task after the following frame.
   */
  B.latencies = [];
  B.armLatency = (type) => {
    const handler = (e) => {
      const t0 = e.timeStamp;
      B.afterPaint().then((t1) => B.latencies.push(t1 - t0));
    };
    window.addEventListener(type, handler, { capture: true });
  };
})();
