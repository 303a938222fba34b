// Naive baseline: fetch every agent's history (as the product's "all tasks" scope does), then
// render every row into the DOM; each search keystroke or sort click re-renders all of them.
(async () => {
  const tbody = document.querySelector('#naive tbody');
  const json = async (path) =>
    (await fetch(path, { headers: { accept: 'application/json' } })).json();
  const agents = await json('/api/agents/list');
  const lists = await Promise.all(
    agents.map((a) => json(`/api/agent-execution/executions/history/${a.id}`)),
  );
  const names = new Map(agents.map((a) => [a.id, a.name]));
  const all = lists.flat().map((t) => ({
    id: t.id,
    title: t.title || (t.input && t.input.text) || '',
    status: t.status,
    agent: names.get(t.agent_id) || t.agent_id,
    created: t.created_at,
    duration: typeof t.duration === 'number' ? t.duration : 0,
  }));
  let sortKey = 'created';
  let desc = true;
  let query = '';

  const render = () => {
    const q = query.toLowerCase();
    const rows = all.filter((r) => !q || r.title.toLowerCase().includes(q) || r.id.includes(q));
    rows.sort(
      (a, b) => (a[sortKey] < b[sortKey] ? -1 : a[sortKey] > b[sortKey] ? 1 : 0) * (desc ? -1 : 1),
    );
    tbody.textContent = '';
    const frag = document.createDocumentFragment();
    for (const r of rows) {
      const tr = document.createElement('tr');
      const box = document.createElement('td');
      const input = document.createElement('input');
      input.type = 'checkbox';
      box.appendChild(input);
      tr.appendChild(box);
      for (const v of [
        r.title,
        r.status,
        r.agent,
        r.created,
        `${r.duration.toFixed(1)} s`,
        r.id.slice(0, 8),
      ]) {
        const td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      }
      frag.appendChild(tr);
    }
    tbody.appendChild(frag);
  };
  render();
  document.getElementById('search').addEventListener('input', (e) => {
    query = e.target.value;
    render();
  });
  document.querySelectorAll('button[data-sort]').forEach((b) =>
    b.addEventListener('click', () => {
      desc = sortKey === b.dataset.sort ? !desc : false;
      sortKey = b.dataset.sort;
      render();
    }),
  );
})();
