// Render-per-event baseline: read the task's event stream through the gateway and append one
// DOM entry per event the moment it is parsed, with no batching or windowing.
(async () => {
  const task = new URLSearchParams(location.search).get('task');
  const feed = document.getElementById('feed');
  const res = await fetch(`/api/agent-execution/${encodeURIComponent(task)}/events`, {
    headers: { accept: 'text/event-stream' },
  });
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = frame
        .split('\n')
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).trimStart())
        .join('\n');
      if (!data) continue;
      const event = JSON.parse(data);
      const row = document.createElement('div');
      row.textContent = `${event.type}: ${(event.data && event.data.title) || ''}`;
      // Appended at once, per event; no tail-follow (a per-event scrollTop write would force a
      // layout per event and make the control quadratic, measuring layout thrash, not rendering).
      feed.appendChild(row);
    }
  }
})();
