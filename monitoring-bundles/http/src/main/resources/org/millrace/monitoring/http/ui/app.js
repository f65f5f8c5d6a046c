// The flow view: polls /api/flows every second, draws each agent's flow with Cytoscape.js and writes its live
// figures (events/s in and out from the change in totals, channel fill, state and reason) on the picture and in a
// table under it. A reconfigured agent (nodes or edges changed) is drawn anew; otherwise only the figures change.
'use strict';

const POLL_MS = 1000;
const COLUMNS = { SOURCE: 0, INTERCEPTORS: 1, SELECTOR: 2, CHANNEL: 3, SINK: 4 };
const STATE_COLOURS = { RUNNING: '#2e9d50', FAILED: '#cc2222', STOPPED: '#999999' };
const views = new Map(); // agent name -> { section, cy, shapeKey, table, errors, warnings }
let previous = null;     // the last /api/flows reading, for rates

const number = n => Math.round(n).toLocaleString('en-US');

function rates(agent, component) {
  if (!previous) return null;
  const before = previous.agents.find(a => a.name === agent.name);
  const was = before && before.components.find(c => c.id === component.id);
  const seconds = (current.time - previous.time) / 1000;
  if (!was || was.startTime !== component.startTime || component.startTime === 0 || seconds <= 0) return null;
  return { in: (component.in - was.in) / seconds, out: (component.out - was.out) / seconds };
}

function figures(agent, component) {
  const r = rates(agent, component);
  const lines = [component.state + (component.reason ? ': ' + component.reason : '')];
  if (component.kind !== 'sink group') {
    lines.push(r ? `in ${number(r.in)}/s · out ${number(r.out)}/s` : 'in – · out –');
  }
  if (component.fill >= 0) lines.push(`fill ${component.fill.toFixed(1)}%`);
  return { rates: r, lines };
}

function nodeLabel(node, agent) {
  const title = node.role === 'INTERCEPTORS' ? 'interceptors\n' + node.details.join('\n')
      : node.role === 'SELECTOR' ? node.type
      : `${node.name} (${node.type})`;
  const component = agent.components.find(c => c.id === node.id);
  if (node.role === 'INTERCEPTORS') {
    const source = agent.components.find(c => c.id === 'source:' + node.name);
    const dropped = source ? Object.entries(source.counters)
        .filter(([k]) => k.startsWith('interceptor.') && k.endsWith('.EventDroppedCount'))
        .reduce((sum, [, v]) => sum + v, 0) : 0;
    return title + `\ndropped ${number(dropped)}`;
  }
  if (!component) return title;
  const text = figures(agent, component).lines;
  return title + '\n' + text.map(l => l.length > 48 ? l.slice(0, 45) + '…' : l).join('\n');
}

function elements(agent) {
  const rows = {};
  const out = [];
  for (const node of agent.graph.nodes) {
    const data = { id: node.id, label: nodeLabel(node, agent), role: node.role };
    if (node.group) data.parent = node.group;
    const element = { data, classes: node.role.toLowerCase() };
    if (node.role !== 'SINK_GROUP') {
      const column = COLUMNS[node.role];
      rows[column] = (rows[column] || 0) + 1;
      element.position = { x: 60 + column * 230, y: 20 + rows[column] * 120 };
    }
    out.push(element);
  }
  const ids = new Set(agent.graph.nodes.map(n => n.id));
  agent.graph.edges.filter(e => ids.has(e.from) && ids.has(e.to)).forEach((e, i) => out.push({
    data: { id: 'e' + i, source: e.from, target: e.to, label: e.when || '' },
    classes: e.optional ? 'optional' : ''
  }));
  return out;
}

function stateOf(agent, id) {
  const c = agent.components.find(c => c.id === id);
  return c ? c.state : null;
}

function draw(view, agent) {
  if (view.cy) view.cy.destroy();
  view.cy = cytoscape({
    container: view.graph,
    elements: elements(agent),
    layout: { name: 'preset', fit: true, padding: 30 },
    userZoomingEnabled: false,
    style: [
      { selector: 'node', style: {
          'label': 'data(label)', 'text-wrap': 'wrap', 'text-valign': 'center', 'font-size': 10,
          'text-max-width': 180, 'shape': 'round-rectangle', 'width': 190, 'height': 80,
          'background-color': '#e8eef5',
          'border-width': 3, 'border-color': '#999' } },
      { selector: 'node.channel', style: { 'shape': 'barrel', 'background-color': '#f3ecdc' } },
      { selector: 'node.selector', style: { 'shape': 'diamond', 'width': 110, 'height': 60, 'border-width': 1 } },
      { selector: 'node.interceptors', style: { 'shape': 'tag', 'border-width': 1 } },
      { selector: 'node.sink_group', style: { 'text-valign': 'top', 'background-opacity': 0.05,
          'border-style': 'dashed' } },
      { selector: 'edge', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'width': 2,
          'label': 'data(label)', 'font-size': 9 } },
      { selector: 'edge.optional', style: { 'line-style': 'dashed' } }
    ]
  });
}

function refreshPicture(view, agent) {
  view.cy.batch(() => agent.graph.nodes.forEach(node => {
    const element = view.cy.getElementById(node.id);
    element.data('label', nodeLabel(node, agent));
    const state = stateOf(agent, node.id);
    element.style('border-color', state ? (STATE_COLOURS[state] || '#d08a00') : '#999');
  }));
}

function refreshTable(view, agent) {
  const rows = agent.components.map(c => {
    const f = figures(agent, c);
    return `<tr data-id="${c.id}"><td>${c.kind}</td><td class="name">${esc(c.name)}</td><td>${esc(c.type)}</td>`
      + `<td class="state state-${c.state}">${c.state}</td>`
      + `<td class="num in">${f.rates ? number(f.rates.in) : ''}</td>`
      + `<td class="num out">${f.rates ? number(f.rates.out) : ''}</td>`
      + `<td class="num total">${c.kind === 'sink group' ? '' : number(c.out)}</td>`
      + `<td class="num fill">${c.fill >= 0 ? c.fill.toFixed(1) + '%' : ''}</td>`
      + `<td class="reason">${esc(c.reason || '')}</td></tr>`;
  });
  view.table.innerHTML = '<tr><th>Kind</th><th>Name</th><th>Type</th><th>State</th><th>In/s</th><th>Out/s</th>'
    + '<th>Total out</th><th>Fill</th><th>Reason</th></tr>' + rows.join('');
  view.errors.innerHTML = agent.errors.map(e => `<li>${esc(e)}</li>`).join('');
  view.warnings.innerHTML = agent.warnings.map(w => `<li>${esc(w)}</li>`).join('');
  view.title.textContent = `Agent ${agent.name} (configuration generation ${agent.generation})`;
}

function esc(text) {
  return String(text).replace(/[&<>"]/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
}

function viewOf(agent) {
  let view = views.get(agent.name);
  if (!view) {
    const section = document.createElement('section');
    section.className = 'agent';
    section.id = 'agent-' + agent.name;
    section.innerHTML = '<h2></h2><ul class="errors"></ul><ul class="warnings"></ul><div class="graph"></div>'
      + '<table class="components"></table>';
    document.getElementById('agents').appendChild(section);
    view = { section, title: section.querySelector('h2'), errors: section.querySelector('ul.errors'),
      warnings: section.querySelector('ul.warnings'), graph: section.querySelector('div.graph'),
      table: section.querySelector('table'), shapeKey: null, cy: null };
    views.set(agent.name, view);
  }
  return view;
}

let current = null;

function render(reading) {
  current = reading;
  const names = new Set(reading.agents.map(a => a.name));
  for (const [name, view] of views) {
    if (!names.has(name)) {
      if (view.cy) view.cy.destroy();
      view.section.remove();
      views.delete(name);
    }
  }
  for (const agent of reading.agents) {
    const view = viewOf(agent);
    const shapeKey = JSON.stringify(agent.graph);
    if (shapeKey !== view.shapeKey) {
      draw(view, agent);
      view.shapeKey = shapeKey;
    }
    refreshPicture(view, agent);
    refreshTable(view, agent);
  }
  document.getElementById('none').hidden = reading.agents.length > 0;
  previous = reading;
}

async function poll() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('api/flows', { cache: 'no-store' });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    render(await response.json());
    status.textContent = 'updated ' + new Date(current.time).toLocaleTimeString();
    status.className = '';
  } catch (e) {
    status.textContent = 'no answer from the agent: ' + e.message;
    status.className = 'stale';
  } finally {
    setTimeout(poll, POLL_MS);
  }
}

// For tests and the curious: the Cytoscape.js instance that draws an agent.
window.millrace = { view: name => (views.get(name) || {}).cy };

poll();
