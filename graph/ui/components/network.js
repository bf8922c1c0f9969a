/* Bildungsnetz: the network drawing of the Netzwerk page, a Streamlit components-v2 component.
 *
 * graph/ui/components/network.py prepends vis-network (the copy pyvis ships, as `vis`) and the label
 * placement (graph/views/templates/labels.js) to this module. Python sends the built view as `data`
 * (graph.views.network.NetworkView.component_data); the component reports the selection back as the
 * state value `selection` = {ids: [first, second], n: counter}: the first id is the actor whose
 * profile is shown, the second the partner chosen with Ctrl+click or a long press.
 *
 * Every string from the data is set as text (textContent, vis-network labels and string tooltips,
 * which vis-network shows as text); nothing is ever parsed as markup, nothing is loaded from anywhere.
 */

const drawings = new WeakMap();

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  if (!data || !Array.isArray(data.nodes)) return undefined;
  let drawing = drawings.get(parentElement);
  if (!drawing || drawing.signature !== data.signature) {
    if (drawing) drawing.destroy();
    drawing = mount(parentElement, data);
    drawings.set(parentElement, drawing);
  }
  drawing.report = setStateValue;
  drawing.select(data.selected || []);
  return () => {
    if (drawings.get(parentElement) === drawing) {
      drawing.destroy();
      drawings.delete(parentElement);
    }
  };
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function mount(parentElement, data) {
  const old = parentElement.querySelector(".bn-net");
  if (old) old.remove();
  const texts = data.texts || {};
  const root = element("div", "bn-net");
  const bar = element("div", "bn-bar");
  const fit = element("button", "bn-fit", texts.fit);
  fit.type = "button";
  bar.appendChild(fit);
  const legend = element("details", "bn-legend");
  legend.open = true;
  legend.appendChild(element("summary", "", texts.legend));
  const list = element("ul");
  (data.legend || []).forEach((entry) => {
    const item = element("li");
    const dot = element("span", "bn-dot");
    dot.style.backgroundColor = entry.color; /* a colour of our palette; an invalid value is ignored */
    item.appendChild(dot);
    item.appendChild(element("span", "", entry.label));
    list.appendChild(item);
  });
  legend.appendChild(list);
  if ((data.notes || []).length) legend.appendChild(element("p", "bn-note", data.notes.join(" · ")));
  bar.appendChild(legend);
  root.appendChild(bar);

  const canvas = element("div", "bn-canvas");
  canvas.style.height = `${Number(data.height) || 600}px`;
  canvas.setAttribute("role", "img");
  canvas.setAttribute("aria-label", texts.drawing || "");
  root.appendChild(canvas);
  parentElement.appendChild(root);

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const network = new vis.Network(canvas, { nodes, edges }, data.options);
  const labels = bildungsnetzLabels(network, canvas, data.nodes, data.names || {}, data.font || { size: 13, face: "sans-serif" });
  const ranked = data.top || []; /* every node, largest first */
  let order = []; /* the selection, in the order it was made */
  let applied = null; /* the selection Python asked for last */
  let counter = 0;
  let drawn = false;

  const drawing = { signature: data.signature, report: null, labels };

  function label() {
    const partners = [];
    order.forEach((id) => network.getConnectedNodes(id).forEach((p) => partners.push(p)));
    partners.sort((a, b) => (nodes.get(b).size || 0) - (nodes.get(a).size || 0));
    labels.set(
      order.map((id) => [id, 10]),
      partners.map((id) => [id, 4]).concat(ranked.map((id, i) => [id, i < 8 ? 30 : i < 16 ? 12 : 0])),
    );
  }

  function mark() {
    root.dataset.selected = order.join(" ");
    root.dataset.edges = String(edges.length);
  }

  function send() {
    mark();
    label();
    counter += 1;
    if (drawing.report) drawing.report("selection", { ids: order.slice(), n: counter });
  }

  function fromClick() {
    const now = network.getSelectedNodes();
    let next = order.filter((id) => now.includes(id));
    now.forEach((id) => { if (!next.includes(id)) next.push(id); });
    if (next.length > 2) next = [next[0], next[next.length - 1]]; /* a profile and one partner */
    if (next.length !== now.length) network.selectNodes(next);
    if (next.join(" ") === order.join(" ")) return;
    order = next;
    send();
  }

  label();
  network.on("click", fromClick);
  network.on("hold", fromClick);
  network.on("afterDrawing", (ctx) => labels.draw(ctx));
  fit.addEventListener("click", () => network.fit({ animation: { duration: 400 } }));
  canvas.addEventListener("mouseleave", () => {
    /* vis-network hides its tooltip only when the pointer moves on inside the drawing */
    const tip = canvas.querySelector(".vis-tooltip");
    if (tip) tip.style.visibility = "hidden";
  });
  network.once("afterDrawing", () => {
    drawn = true;
    mark();
    /* a chosen actor (a link, a search): its neighbourhood, unless the whole view is that close already */
    if (order.length && network.getScale() < 0.8) network.focus(order[0], { scale: 0.8, animation: false });
    root.dataset.drawn = "true";
  });

  drawing.select = (wanted) => {
    const ids = wanted.filter((id) => nodes.get(id) !== null);
    const key = ids.join(" ");
    if (key === applied) return;
    applied = key;
    if (key === order.join(" ")) return; /* what the user clicked came back */
    order = ids;
    network.selectNodes(ids);
    mark();
    label();
    if (drawn && ids.length) {
      network.focus(ids[0], { scale: Math.max(network.getScale(), 0.7), animation: { duration: 400 } });
    } else if (drawn) {
      network.redraw();
    }
  };
  drawing.destroy = () => {
    network.destroy();
    root.remove();
  };
  canvas.bildungsnetz = network; /* for the browser tests */
  canvas.bildungsnetzLabels = labels;
  return drawing;
}
