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

  /**
   * Counts DOM-mutating tasks per animation frame (a stand-in for renders per frame); with a
   * selector, only mutations inside that element count.
   */
  B.startMutationFrames = (rootSelector) => {
    const state = { current: 0, perFrame: [], running: true };
    if (rootSelector) {
      const root = document.querySelector(rootSelector);
      if (root) {
        const mo = new MutationObserver(() => state.current++);
        mo.observe(root, { childList: true, subtree: true, characterData: true });
        state.stop = () => mo.disconnect();
      }
    } else B.mutationBatches = state;
    B.frameState = state;
    const tick = () => {
      if (!state.running) return;
      state.perFrame.push(state.current);
      state.current = 0;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  };
  B.stopMutationFrames = () => {
    const state = B.frameState;
    if (!state) return [];
    state.running = false;
    if (state.stop) state.stop();
    B.mutationBatches = null;
    B.frameState = null;
    return state.perFrame.filter((n) => n > 0);
  };

  const epoch = () => performance.timeOrigin + performance.now();

  /** When the first element matching `selector` appeared, and the paint after it (page ms). */
  B.watchFirst = (selector) => {
    const state = { at: null, paint: null };
    B.first = state;
    const check = () => {
      if (state.at !== null || !document.querySelector(selector)) return;
      state.at = performance.now();
      mo.disconnect();
      B.afterPaint().then((t) => (state.paint = t));
    };
    const mo = new MutationObserver(check);
    mo.observe(document, { childList: true, subtree: true });
    check();
  };

  /**
   * Samples the first integer `pattern` captures in the text of `selector`, once per animation
   * frame: [epoch ms, value] on every change. For counters such as "1,234 events".
   */
  B.sampleCounter = (selector, pattern) => {
    const re = new RegExp(pattern);
    const samples = [];
    let last = null;
    let running = true;
    const tick = () => {
      if (!running) return;
      const el = document.querySelector(selector);
      const m = el ? re.exec(el.textContent || '') : null;
      const value = m ? Number(m[1].replace(/,/g, '')) : null;
      if (value !== null && value !== last) {
        last = value;
        samples.push([epoch(), value]);
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    B.counter = { samples, stop: () => (running = false) };
  };

  /**
   * Records when the element matching `selector` first has `attr` = `value` (epoch and page ms),
   * checked on every mutation; and the timestamp of the last click (event time, page ms).
   */
  B.watchAttr = (selector, attr, value) => {
    const state = { at: null, paint: null };
    B.attrChange = state;
    const check = () => {
      if (state.at !== null) return;
      const el = document.querySelector(selector);
      if (el && el.getAttribute(attr) === value) {
        state.at = performance.now();
        state.epoch = epoch();
        mo.disconnect();
        B.afterPaint().then((t) => (state.paint = t));
      }
    };
    const mo = new MutationObserver(check);
    mo.observe(document, { childList: true, subtree: true, attributes: true });
    check();
  };
  B.lastClick = null;
  window.addEventListener('click', (e) => (B.lastClick = e.timeStamp), { capture: true });

  /**
   * Page visibility under the harness's control: a headless page is always "visible", so the
   * getters are overridden and visibilitychange dispatched as a real tab switch would.
   */
  B.hidden = false;
  try {
    Object.defineProperty(Document.prototype, 'visibilityState', {
      configurable: true,
      get: () => (B.hidden ? 'hidden' : 'visible'),
    });
    Object.defineProperty(Document.prototype, 'hidden', {
      configurable: true,
      get: () => B.hidden,
    });
  } catch {
    /* not overridable */
  }
  B.setHidden = (hidden) => {
    B.hidden = hidden;
    document.dispatchEvent(new Event('visibilitychange'));
    window.dispatchEvent(new Event(hidden ? 'blur' : 'focus'));
    return epoch();
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
