// Live graphs from /ws/vm/NAME/stats: CPU %, memory, disk and network rates over the last 5 minutes (uPlot).
// Each graph's element carries data-points, the number of samples it holds.
import uPlot from 'uplot';
import { h } from './dom.js';
import { bytes, rate } from './format.js';
import { openFeed } from './socket.js';

const WINDOW_S = 300;

const GRAPHS = [
  { id: 'cpu', title: 'CPU', series: [['CPU %', 'cpu_percent', '#3b82f6']], value: (v) => `${v.toFixed(0)} %`, min: 100 },
  { id: 'memory', title: 'Memory', value: bytes,
    series: [['QEMU', 'memory_bytes', '#8b5cf6'], ['guest', 'guest_memory_bytes', '#a3a3a3']] },
  { id: 'disk', title: 'Disk', value: rate,
    series: [['read', 'disk_read_bps', '#10b981'], ['write', 'disk_write_bps', '#f59e0b']] },
  { id: 'net', title: 'Network', value: rate,
    series: [['rx', 'net_rx_bps', '#06b6d4'], ['tx', 'net_tx_bps', '#ef4444']] },
];

export function mountGraphs(parent, session) {
  const grid = h('div', { class: 'graphs' });
  parent.append(h('section', { class: 'panel' }, h('h2', {}, 'Performance'), grid));
  const charts = GRAPHS.map((spec) => chart(grid, spec));
  let samples = [];

  const draw = () => {
    const newest = samples.length ? samples[samples.length - 1].t_ms : 0;
    samples = samples.filter((s) => s.t_ms > newest - WINDOW_S * 1000);
    for (const c of charts) c.set(samples);
  };
  const feed = openFeed(`/ws/vm/${encodeURIComponent(session.name)}/stats`, {
    shouldReconnect: () => session.isLive(),
    onMessage: (message) => {
      if (message.type === 'history') samples = [...message.samples];
      else if (message.type === 'sample') samples.push(message.sample);
      else return;
      draw();
    },
  });
  const onResize = () => charts.forEach((c) => c.resize());
  window.addEventListener('resize', onResize);
  return () => {
    window.removeEventListener('resize', onResize);
    feed.close();
    charts.forEach((c) => c.destroy());
  };
}

function chart(grid, spec) {
  const box = h('div', { class: 'graph', id: `graph-${spec.id}`, dataset: { points: '0' } });
  const latest = h('span', { class: 'latest' });
  grid.append(h('figure', {}, h('figcaption', {}, spec.title, latest), box));
  const width = () => Math.max(200, box.clientWidth || 300);
  const plot = new uPlot({
    width: width(),
    height: 120,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (u, lo, hi) => [0, Math.max(hi, spec.min ?? 1)] } },
    axes: [
      { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { show: false }, values: (u, splits) => splits.map(clockMinutes) },
      { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { show: false }, size: 72,
        values: (u, splits) => splits.map((v) => spec.value(v)) },
    ],
    series: [{}, ...spec.series.map(([label, , stroke]) => ({ label, stroke, width: 1.5, fill: `${stroke}22`,
      points: { show: false } }))],
  }, [[], ...spec.series.map(() => [])], box);
  return {
    set(samples) {
      const data = [samples.map((s) => s.t_ms / 1000), ...spec.series.map(([, key]) => samples.map((s) => s[key] ?? null))];
      plot.setData(data);
      box.dataset.points = String(samples.length);
      const last = samples[samples.length - 1];
      latest.textContent = last
        ? spec.series.map(([label, key]) => `${spec.series.length > 1 ? label + ' ' : ''}${last[key] == null ? '–' : spec.value(last[key])}`).join(' · ')
        : '';
    },
    resize: () => plot.setSize({ width: width(), height: 120 }),
    destroy: () => plot.destroy(),
  };
}

function clockMinutes(seconds) {
  return new Date(seconds * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hour12: false });
}
