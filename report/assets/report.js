// filmnum report: draws the charts from their JSON options, formats numbers
// the French way, resizes charts for print, and sorts tables. No request.
(function () {
  "use strict";
  var nf = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
  function formatter(unit) {
    var suffix = unit === "taux" ? " %" : unit === "heures" ? " h" : "";
    return function (v) {
      if (v === null || v === undefined || v === "-" || isNaN(v)) { return "–"; }
      return nf.format(v) + suffix;
    };
  }
  function asList(x) { return Array.isArray(x) ? x : (x ? [x] : []); }

  var charts = [];
  if (typeof echarts !== "undefined") {
    document.querySelectorAll("script.chart-option").forEach(function (el) {
      var box = document.getElementById(el.getAttribute("data-for"));
      if (!box) { return; }
      var option = JSON.parse(el.textContent);
      var fmt = formatter(box.getAttribute("data-unit"));
      option.tooltip = option.tooltip || {};
      option.tooltip.valueFormatter = fmt;
      asList(option.xAxis).concat(asList(option.yAxis)).forEach(function (ax) {
        if (!ax) { return; }
        ax.axisLabel = ax.axisLabel || {};
        if (ax.type === "value") {
          ax.axisLabel.formatter = fmt;
        } else {
          // Long labels are wrapped on two lines: give them room.
          ax.axisLabel.lineHeight = 14;
        }
      });
      var chart = echarts.init(box, null, { renderer: "canvas", devicePixelRatio: 2 });
      chart.setOption(option);
      charts.push(chart);
    });
  }
  function resizeAll() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resizeAll);
  // Print lays the page out at the paper's width: redraw at that width so
  // no canvas overflows or is cut.
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);
  if (window.matchMedia) {
    var mq = window.matchMedia("print");
    if (mq.addEventListener) { mq.addEventListener("change", resizeAll); }
  }

  // Sortable tables: click (or Enter on) a header; masked and empty cells
  // always sort last.
  document.querySelectorAll("table.triable").forEach(function (table) {
    var ths = table.querySelectorAll("thead th");
    ths.forEach(function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      while (th.firstChild) { b.appendChild(th.firstChild); }
      th.appendChild(b);
      b.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        ths.forEach(function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col] ? a.cells[col].getAttribute("data-sort") : null;
          var y = b.cells[col] ? b.cells[col].getAttribute("data-sort") : null;
          var ex = x === null || x === "", ey = y === null || y === "";
          if (ex || ey) { return ex === ey ? 0 : (ex ? 1 : -1); }
          var nx = Number(x), ny = Number(y);
          if (!isNaN(nx) && !isNaN(ny)) { return dir * (nx - ny); }
          return dir * x.localeCompare(y, "fr");
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
})();
