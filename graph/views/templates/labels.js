/* Bildungsnetz: the names in the network drawing, placed where they have room.
 *
 * Shared by the offline page (templates/network.html) and the app's network component
 * (graph/ui/components/network.js). vis-network draws the dots and lines (its own labels stay
 * empty); after each frame the names are drawn on the canvas, in a constant screen size, where
 * they overlap neither another name nor another node's dot: first the "forced" nodes (the selected
 * ones, always named, on a white box), then the candidates in their order (the partners of the
 * selection, then the largest dots). A name goes next to its dot, or a little apart in free space
 * with a thin line to its dot; where there is no room it is left out (every name is in the hover
 * text). Names are drawn as canvas text, never as markup.
 */

/* Where names go (pure: no DOM; tests/test_network_component.py runs it with node).
 *
 * dots: [{id, x, y, r}] in canvas units; forced, candidates: [[id, reach], ...] in priority order;
 * width(id): the name's width at height 1; height: the text height and gap the space between dot
 * and name, in canvas units; bounds: the visible part {x1, y1, x2, y2} (a name stays inside it, or,
 * when its dot is outside, is left out). A name tries the spots next to its dot (right, left, below, above and
 * the corners), then, up to `reach` text heights further out along the same directions, spots in
 * free space (drawn with a thin line to its dot). Returns the boxes
 * [{id, x, y, x1, y1, x2, y2, align, forced, line}] (x, y: the text anchor; line: the dot's edge
 * point when the name stands apart).
 */
function bildungsnetzPlace(dots, forced, candidates, width, height, gap, bounds) {
  var cell = Math.max(height * 2, 1);
  var grid = {};
  var byId = {};
  dots.forEach(function (d) {
    byId[d.id] = d;
    for (var gx = Math.floor((d.x - d.r) / cell); gx <= Math.floor((d.x + d.r) / cell); gx++) {
      for (var gy = Math.floor((d.y - d.r) / cell); gy <= Math.floor((d.y + d.r) / cell); gy++) {
        var key = gx + ":" + gy;
        (grid[key] = grid[key] || []).push(d);
      }
    }
  });
  var boxes = [];
  var placedGrid = {};
  var seen = {};
  function overlaps(a, b) {
    return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
  }
  function hits(box, dot) {
    var cx = Math.max(box.x1, Math.min(dot.x, box.x2));
    var cy = Math.max(box.y1, Math.min(dot.y, box.y2));
    var dx = dot.x - cx;
    var dy = dot.y - cy;
    return dx * dx + dy * dy < dot.r * dot.r;
  }
  function inside(box) {
    return !bounds || (box.x1 >= bounds.x1 && box.x2 <= bounds.x2 && box.y1 >= bounds.y1 && box.y2 <= bounds.y2);
  }
  function cells(box, visit) {
    for (var gx = Math.floor(box.x1 / cell); gx <= Math.floor(box.x2 / cell); gx++) {
      for (var gy = Math.floor(box.y1 / cell); gy <= Math.floor(box.y2 / cell); gy++) {
        if (visit(gx + ":" + gy) === false) return false;
      }
    }
    return true;
  }
  function free(box) {
    if (!inside(box)) return false;
    return cells(box, function (key) {
      var names = placedGrid[key];
      if (names) for (var i = 0; i < names.length; i++) if (overlaps(names[i], box)) return false;
      var near = grid[key];
      if (near) for (var j = 0; j < near.length; j++) if (hits(box, near[j])) return false;
      return true;
    });
  }
  function keep(box) {
    boxes.push(box);
    cells(box, function (key) { (placedGrid[key] = placedGrid[key] || []).push(box); });
  }
  /* directions: unit vector, and how the box hangs on the point the ray reaches */
  var D = Math.SQRT1_2;
  var directions = [
    [1, 0, "left", 0], [-1, 0, "right", 0], [0, 1, "center", 1], [0, -1, "center", -1],
    [D, D, "left", 1], [D, -D, "left", -1], [-D, D, "right", 1], [-D, -D, "right", -1],
  ];
  function spot(dot, w, dir, distance) {
    var px = dot.x + dir[0] * distance;
    var py = dot.y + dir[1] * distance;
    var x1 = dir[2] === "left" ? px : dir[2] === "right" ? px - w : px - w / 2;
    var y1 = dir[3] === 1 ? py : dir[3] === -1 ? py - height : py - height / 2;
    var x = dir[2] === "left" ? x1 : dir[2] === "right" ? x1 + w : x1 + w / 2;
    return { x: x, y: y1 + height / 2, x1: x1, y1: y1, x2: x1 + w, y2: y1 + height, align: dir[2] };
  }
  function place(entry, always) {
    var id = entry[0];
    var reach = entry[1] || 0;
    var dot = byId[id];
    if (!dot || seen[id]) return;
    seen[id] = true;
    if (!always && reach === 0 && bounds && (dot.x < bounds.x1 || dot.x > bounds.x2 || dot.y < bounds.y1 || dot.y > bounds.y2)) {
      return; /* out of sight */
    }
    var w = width(id) * height;
    for (var step = 0; step <= reach; step++) {
      for (var i = 0; i < directions.length; i++) {
        var box = spot(dot, w, directions[i], dot.r + gap + step * height);
        /* a box must not cover its own dot either (a corner spot can, for a big dot) */
        if (hits(box, dot) || !free(box)) continue;
        box.id = id;
        box.forced = always;
        if (step > 0) box.line = [dot.x + directions[i][0] * dot.r, dot.y + directions[i][1] * dot.r];
        keep(box);
        return;
      }
    }
    if (always && (!bounds || (dot.x >= bounds.x1 && dot.x <= bounds.x2 && dot.y >= bounds.y1 && dot.y <= bounds.y2))) {
      var first = spot(dot, w, directions[0], dot.r + gap);
      if (bounds && first.x2 > bounds.x2) first = spot(dot, w, directions[1], dot.r + gap);
      first.id = id;
      first.forced = true;
      keep(first);
    }
  }
  forced.forEach(function (entry) { place(entry, true); });
  candidates.forEach(function (entry) { place(entry, false); });
  return boxes;
}

/* The names of one vis-network drawing in `container`: set(forced, candidates) chooses them,
 * draw(ctx) paints them (call it from the network's "afterDrawing" event); placed holds the last
 * placement. */
function bildungsnetzLabels(network, container, nodes, names, font) {
  var measure = document.createElement("canvas").getContext("2d");
  var widths = {};
  var sizes = {};
  nodes.forEach(function (n) { sizes[n.id] = n.size || 10; });
  var labels = { forced: [], candidates: [], placed: [] };
  function width(id) {
    var key = (labels.bold && labels.bold[id] ? "b" : "n") + id;
    if (widths[key] === undefined) {
      measure.font = (key[0] === "b" ? "600 " : "") + "100px " + font.face;
      widths[key] = measure.measureText(names[id] || "").width / 100;
    }
    return widths[key];
  }
  /* forced, candidates: [[id, reach], ...] (reach: how many text heights a name may stand apart) */
  labels.set = function (forced, candidates) {
    function named(entry) { return names[entry[0]] !== undefined; }
    labels.forced = forced.filter(named);
    labels.candidates = candidates.filter(named);
    labels.bold = {};
    labels.forced.forEach(function (entry) { labels.bold[entry[0]] = true; });
  };
  labels.draw = function (ctx) {
    var scale = network.getScale() || 1;
    var height = font.size / scale;
    var positions = network.getPositions();
    var dots = [];
    Object.keys(positions).forEach(function (id) {
      var p = positions[id];
      dots.push({ id: id, x: p.x, y: p.y, r: (sizes[id] || 10) + 1 / scale });
    });
    var view = container;
    var corner = network.DOMtoCanvas({ x: 0, y: 0 });
    var far = network.DOMtoCanvas({ x: view.clientWidth, y: view.clientHeight });
    var bounds = { x1: corner.x, y1: corner.y, x2: far.x, y2: far.y };
    var boxes = bildungsnetzPlace(dots, labels.forced, labels.candidates, width, height, 3 / scale, bounds);
    labels.placed = boxes;
    labels.scale = scale;
    ctx.save();
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.strokeStyle = "rgba(38, 39, 48, 0.75)";
    ctx.lineWidth = 1 / scale;
    boxes.forEach(function (box) {
      if (!box.line) return;
      var tx = Math.max(box.x1, Math.min(box.line[0], box.x2));
      var ty = Math.max(box.y1, Math.min(box.line[1], box.y2));
      ctx.beginPath();
      ctx.moveTo(box.line[0], box.line[1]);
      ctx.lineTo(tx, ty);
      ctx.stroke();
    });
    boxes.forEach(function (box) {
      ctx.font = (box.forced ? "600 " : "") + height + "px " + font.face;
      ctx.textAlign = box.align;
      if (box.forced) {
        var pad = 2 / scale;
        ctx.fillStyle = "rgba(255, 255, 255, 0.92)";
        ctx.fillRect(box.x1 - pad, box.y1 - pad, box.x2 - box.x1 + 2 * pad, box.y2 - box.y1 + 2 * pad);
      }
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 3 / scale;
      ctx.strokeText(names[box.id], box.x, box.y);
      ctx.fillStyle = "#262730";
      ctx.fillText(names[box.id], box.x, box.y);
    });
    ctx.restore();
  };
  return labels;
}
