// aec board: asks the board for the runs every two seconds and redraws what changed, so a run in
// training grows by a point after each epoch without a reload. Plain JavaScript, no build step;
// the chart is uPlot, served by the board itself.
'use strict';

const POLL_MS = 2000;
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

const state = {
  runs: [],               // the summaries /api/runs gave, oldest first
  selected: new Set(),    // runs whose curves are drawn
  focus: null,            // the run whose pictures are shown
  chosen: false,          // whether the user has picked runs; until then the newest is shown
  details: new Map(),     // run name -> /api/runs/NAME
  fetchedAt: new Map(),   // run name -> the summary stamp its detail was fetched at
  plot: null,
  plotKey: '',            // the series the plot was built with; others need a new plot
  tableKey: '',
  pictureEpoch: null,     // the epoch the slider was moved to; null follows the newest
};

let busy = false;
let again = false;
let timer = null;

/** A run's name as URL segments: `experiments/a b` -> `experiments/a%20b`. */
function urlPath(name) {
  return name.split('/').map(encodeURIComponent).join('/');
}

async function fetchJson(url) {
  const response = await fetch(url, { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`${url} answered ${response.status}`);
  }
  return response.json();
}

/** What changes in a run's line when its detail needs fetching again. */
function stamp(run) {
  return [run.updated, run.epochs, run.pictures, run.status, run.problem].join('|');
}

function colourOf(name) {
  const index = state.runs.findIndex(r => r.name === name);
  return COLOURS[Math.max(index, 0) % COLOURS.length];
}

function number(value) {
  return value === null || value === undefined ? '–' : String(Number(value.toPrecision(4)));
}

/** The runs and the focus the address names (`#run=a&run=b&focus=b`), so a view can be bookmarked. */
function readAddress() {
  const params = new URLSearchParams(location.hash.slice(1));
  for (const name of params.getAll('run')) {
    state.selected.add(name);
    state.chosen = true;
  }
  if (params.get('focus')) {
    state.focus = params.get('focus');
    state.chosen = true;
  }
}

function writeAddress() {
  const params = new URLSearchParams();
  state.selected.forEach(name => params.append('run', name));
  if (state.focus !== null) {
    params.set('focus', state.focus);
  }
  const hash = '#' + params.toString();
  if (location.hash !== hash) {
    history.replaceState(null, '', hash);
  }
}

/** One round: the list, then the details of the runs shown that changed, then the page. */
async function poll() {
  if (busy) {
    again = true;
    return;
  }
  busy = true;
  clearTimeout(timer);
  try {
    const listing = await fetchJson('/api/runs');
    document.getElementById('folder').textContent = listing.folder;
    state.runs = listing.runs;
    const names = new Set(state.runs.map(r => r.name));
    for (const name of [...state.selected]) {
      if (!names.has(name)) {
        state.selected.delete(name);
      }
    }
    if (state.focus !== null && !names.has(state.focus)) {
      state.focus = null;
    }
    if (!state.chosen && state.selected.size === 0) {
      const newest = [...state.runs].reverse().find(r => !r.problem);
      if (newest) {
        state.selected.add(newest.name);
      }
    }
    if (state.focus === null && state.selected.size > 0) {
      state.focus = [...state.selected][state.selected.size - 1];
    }
    const shown = new Set(state.selected);
    if (state.focus !== null) {
      shown.add(state.focus);
    }
    await Promise.all([...shown].map(async name => {
      const run = state.runs.find(r => r.name === name);
      if (run.problem || state.fetchedAt.get(name) === stamp(run)) {
        return;
      }
      state.details.set(name, await fetchJson('/api/runs/' + urlPath(name)));
      state.fetchedAt.set(name, stamp(run));
    }));
    for (const name of [...state.details.keys()]) {
      if (!shown.has(name)) {
        state.details.delete(name);
        state.fetchedAt.delete(name);
      }
    }
    renderTable();
    renderChart();
    renderPictures();
    writeAddress();
    document.getElementById('status').textContent = '';
  } catch (error) {
    document.getElementById('status').textContent =
      `The board is not answering (${error.message}); trying again.`;
  } finally {
    busy = false;
    if (again) {
      again = false;
      poll();
    } else {
      timer = setTimeout(poll, POLL_MS);
    }
  }
}

function renderTable() {
  const key = JSON.stringify([state.runs.map(stamp), state.runs.map(r => r.name), [...state.selected], state.focus]);
  document.getElementById('no-runs').hidden = state.runs.length > 0;
  if (key === state.tableKey) {
    return;
  }
  state.tableKey = key;
  const body = document.querySelector('#runs tbody');
  body.replaceChildren(...state.runs.map(run => {
    const row = document.createElement('tr');
    row.dataset.run = run.name;
    row.classList.toggle('focus', run.name === state.focus);

    const tick = document.createElement('input');
    tick.type = 'checkbox';
    tick.checked = state.selected.has(run.name);
    tick.disabled = Boolean(run.problem);
    tick.setAttribute('aria-label', `Draw the curves of ${run.name}`);
    tick.addEventListener('change', () => {
      state.chosen = true;
      if (tick.checked) {
        state.selected.add(run.name);
      } else {
        state.selected.delete(run.name);
      }
      poll();
    });

    const name = document.createElement('button');
    name.type = 'button';
    name.className = 'name';
    name.textContent = run.name;
    name.title = 'Show this run\'s pictures';
    name.addEventListener('click', () => {
      state.chosen = true;
      state.focus = run.name;
      state.pictureEpoch = null;
      if (!run.problem) {
        state.selected.add(run.name);
      }
      poll();
    });
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = state.selected.has(run.name) ? colourOf(run.name) : 'transparent';

    const status = document.createElement('span');
    const shownStatus = run.training ? 'training' : run.status;
    status.className = 'status-' + shownStatus;
    status.textContent = shownStatus;
    status.title = run.problem || run.failure
      || (shownStatus === 'stopped' ? 'No process trains it (killed?); `aec train --resume` carries on' : '');

    const best = run.bestValidationLoss === null ? '–'
      : `${number(run.bestValidationLoss)} (epoch ${run.bestEpoch})`;
    const cells = [
      [tick],
      [swatch, name],
      [run.model || '–'],
      [status],
      [run.plannedEpochs ? `${run.epochs} / ${run.plannedEpochs}` : String(run.epochs)],
      [best],
      [number(run.testLoss)],
    ];
    cells.forEach((content, i) => {
      const cell = document.createElement('td');
      if (i >= 4) {
        cell.className = 'number';
      }
      cell.append(...content);
      row.append(cell);
    });
    return row;
  }));
}

/** The curves of the ticked runs, one colour each: training solid, validation dashed. */
function renderChart() {
  const chart = document.getElementById('chart');
  const note = document.getElementById('no-curves');
  const runs = [...state.selected].filter(n => state.details.has(n)).map(n => state.details.get(n));
  const lastEpoch = Math.max(0, ...runs.map(d => d.epochs.length ? d.epochs[d.epochs.length - 1].epoch : 0));
  if (runs.length === 0 || lastEpoch === 0) {
    if (state.plot) {
      state.plot.destroy();
      state.plot = null;
      state.plotKey = '';
    }
    chart.dataset.points = '0';
    chart.dataset.epochs = '0';
    note.hidden = false;
    note.textContent = runs.length === 0 ? 'Tick a run to draw its curves.'
      : 'No epoch has finished yet; the first point appears when one does.';
    return;
  }
  note.hidden = true;
  const epochs = Array.from({ length: lastEpoch }, (_, i) => i + 1);
  const series = [{ label: 'epoch' }];
  const data = [epochs];
  for (const detail of runs) {
    const byEpoch = new Map(detail.epochs.map(e => [e.epoch, e]));
    const colour = colourOf(detail.run.name);
    series.push({ label: `${detail.run.name} train`, stroke: colour, width: 2, points: { show: true, size: 5 } });
    data.push(epochs.map(x => byEpoch.has(x) ? byEpoch.get(x).trainLoss : null));
    if (detail.epochs.some(e => e.validationLoss !== null)) {
      series.push({
        label: `${detail.run.name} validation`, stroke: colour, width: 2, dash: [6, 4],
        points: { show: true, size: 5 },
      });
      data.push(epochs.map(x => byEpoch.has(x) ? byEpoch.get(x).validationLoss : null));
    }
  }
  const key = series.map(s => s.label + s.stroke).join('\n');
  if (state.plot && key === state.plotKey) {
    state.plot.setData(data);
  } else {
    if (state.plot) {
      state.plot.destroy();
    }
    const loss = runs[0].run.loss;
    state.plot = new uPlot({
      width: Math.max(chart.clientWidth, 320),
      height: 320,
      scales: {
        // One epoch is one x value, which would make a scale of no width.
        x: { time: false, range: (u, min, max) => (min === max ? [min - 1, max + 1] : [min, max]) },
      },
      series,
      axes: [
        { label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
        { label: loss ? `loss (${loss})` : 'loss', size: 70 },
      ],
    }, data, chart);
    state.plotKey = key;
  }
  // What the chart holds, for anyone checking it (the board's own browser test reads these).
  chart.dataset.points = String(state.plot.data.slice(1)
    .reduce((n, ys) => n + ys.filter(v => v !== null && v !== undefined).length, 0));
  chart.dataset.epochs = String(lastEpoch);
}

/** The focused run's epoch pictures on a slider, its final picture, and links to its files. */
function renderPictures() {
  const detail = state.focus === null ? null : state.details.get(state.focus);
  const controls = document.getElementById('epoch-controls');
  const epochFigure = document.getElementById('epoch-figure');
  const finalFigure = document.getElementById('final-figure');
  const none = document.getElementById('no-pictures');
  const files = document.getElementById('files');
  document.getElementById('picture-run').textContent = state.focus === null ? '' : `of ${state.focus}`;
  if (!detail) {
    controls.hidden = epochFigure.hidden = finalFigure.hidden = true;
    none.hidden = false;
    none.textContent = state.focus === null ? 'Click a run\'s name to see its pictures.' : 'This run cannot be read.';
    files.replaceChildren();
    return;
  }
  const base = '/runs/' + urlPath(detail.run.name) + '/';
  const version = '?v=' + encodeURIComponent(detail.run.updated || '');
  const classifier = detail.files.includes('predictions.png');
  const what = classifier ? 'test samples sorted by predicted class'
    : 'originals above, the model\'s outputs below';

  const pictures = detail.pictures;
  controls.hidden = epochFigure.hidden = pictures.length === 0;
  if (pictures.length > 0) {
    const slider = document.getElementById('epoch');
    slider.max = String(pictures.length - 1);
    let index = pictures.findIndex(p => p.epoch === state.pictureEpoch);
    if (index < 0) {
      index = pictures.length - 1;
    }
    slider.value = String(index);
    const picture = pictures[index];
    document.getElementById('epoch-label').textContent =
      `${picture.epoch} of ${detail.run.plannedEpochs || detail.run.epochs}`;
    const img = document.getElementById('epoch-picture');
    const source = base + picture.file.split('/').map(encodeURIComponent).join('/') + version;
    if (img.getAttribute('src') !== source) {
      img.src = source;
    }
    img.alt = `After epoch ${picture.epoch}: ${what}`;
    document.getElementById('epoch-caption').textContent =
      `After epoch ${picture.epoch} (${classifier ? 'held-out samples by predicted class' : what}).`;
  }

  const end = detail.files.find(f => f === 'reconstructions.png' || f === 'predictions.png');
  finalFigure.hidden = !end;
  if (end) {
    const img = document.getElementById('final-picture');
    const source = base + end + version;
    if (img.getAttribute('src') !== source) {
      img.src = source;
    }
    img.alt = `At the end of training: ${what}`;
    document.getElementById('final-caption').textContent = `At the end of training (${end}: ${what}).`;
  }
  none.hidden = pictures.length > 0 || Boolean(end);
  none.textContent = 'No pictures yet: each epoch draws one as it ends.';

  files.replaceChildren('Files: ', ...detail.files.flatMap((f, i) => {
    const link = document.createElement('a');
    link.href = base + encodeURIComponent(f) + version;
    link.textContent = f;
    return i === 0 ? [link] : [', ', link];
  }));
}

document.getElementById('epoch').addEventListener('input', event => {
  const detail = state.details.get(state.focus);
  if (!detail) {
    return;
  }
  const index = Number(event.target.value);
  // At the newest picture the slider keeps following new epochs; elsewhere it stays put.
  state.pictureEpoch = index === detail.pictures.length - 1 ? null : detail.pictures[index].epoch;
  renderPictures();
});

window.addEventListener('resize', () => {
  if (state.plot) {
    state.plot.setSize({ width: Math.max(document.getElementById('chart').clientWidth, 320), height: 320 });
  }
});

readAddress();
poll();
