// Draws a plant page's two charts with uPlot from the JSON the server embedded in #chart-data: the last 7 days
// (observed output, archived day-ahead p50 and its p10-p90 band) and the next 48 hours (p50 and band), on a time
// axis in the plant's zone. After drawing, each container states what its chart holds (data-drawn-* attributes).
(function () {
  "use strict";

  var source = document.getElementById("chart-data");
  if (!source || typeof uPlot === "undefined") return;
  var data = JSON.parse(source.textContent);
  var zone = data.zone || "UTC";
  var capacity = data.capacity_kw || 0;
  var band = "rgba(194, 65, 12, 0.14)";
  var bound = "rgba(194, 65, 12, 0.45)";
  var median = "#c2410c";

  function kw(u, v) { return v == null ? "—" : v.toFixed(1) + " kW"; }

  function count(values) {
    var n = 0;
    for (var i = 0; i < values.length; i++) if (values[i] != null) n++;
    return n;
  }

  function draw(el, series, columns, drawn) {
    var opts = {
      width: Math.max(el.clientWidth, 320),
      height: 320,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), zone); },
      cursor: { drag: { x: true, y: false } },
      scales: { y: { range: function (u, min, max) { return [0, Math.max(max || 0, capacity * 0.05, 1)]; } } },
      axes: [{}, { label: "kW", size: 64 }],
      series: [{ label: "Time (" + zone + ")" }].concat(series),
      bands: [{ series: [series.length, series.length - 1], fill: band }],
    };
    var chart = new uPlot(opts, columns, el);
    Object.keys(drawn).forEach(function (name) { el.setAttribute("data-drawn-" + name, String(count(chart.data[drawn[name]]))); });
    el.setAttribute("data-drawn", "true");
    window.addEventListener("resize", function () { chart.setSize({ width: Math.max(el.clientWidth, 320), height: 320 }); });
    return chart;
  }

  var charts = {};
  var h = data.history;
  var historyEl = document.getElementById("history-chart");
  if (historyEl) {
    charts.history = draw(historyEl, [
      { label: "Observed", stroke: "#111827", width: 2, value: kw },
      { label: "Day-ahead p50", stroke: median, width: 1.5, dash: [6, 4], value: kw },
      { label: "p10", stroke: bound, width: 1, value: kw },
      { label: "p90", stroke: bound, width: 1, value: kw },
    ], [h.x, h.actual, h.p50, h.p10, h.p90], { "actual-points": 1, "dayahead-points": 2 });
  }

  var f = data.forecast;
  var forecastEl = document.getElementById("forecast-chart");
  if (forecastEl && f.x.length > 0) {
    charts.forecast = draw(forecastEl, [
      { label: "Forecast p50", stroke: median, width: 2, value: kw },
      { label: "p10", stroke: bound, width: 1, value: kw },
      { label: "p90", stroke: bound, width: 1, value: kw },
    ], [f.x, f.p50, f.p10, f.p90], { "forecast-points": 1 });
  }

  window.solarsyncCharts = charts;
})();
