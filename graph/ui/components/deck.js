/* Bildungsnetz: the slide of the Präsentation page, a Streamlit components-v2 component.
 *
 * Python (graph/ui/components/deck.py) sends one slide as `data`: the picture (PNG as base64), its
 * caption, its position ("2 / 5") and the button texts. The component shows it with a "Vollbild"
 * button (Fullscreen API) and reports a step to the previous or next slide as the trigger value
 * `step` (-1 or +1): arrow keys ←/→ (and Bild auf/ab) anywhere on the page except in a field that
 * uses them itself (text, select box, slider, tabs), or the ◀/▶ buttons shown in full screen. The
 * element stays in place between reruns, so full screen stays on while the slides change.
 *
 * Every string is set as text (textContent, alt); the picture is a data: URL of base64 digits only;
 * nothing is loaded from anywhere.
 */

const decks = new WeakMap();
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function typing(event) {
  const target = (event.composedPath && event.composedPath()[0]) || event.target;
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toLowerCase();
  const role = (target.getAttribute && target.getAttribute("role")) || "";
  return (
    tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable ||
    ["slider", "spinbutton", "listbox", "combobox", "option", "tab", "menu", "menuitem", "textbox"].includes(role)
  );
}

function mount(parentElement) {
  const root = element("div", "bn-deck");
  root.tabIndex = -1;
  const picture = element("img", "bn-slide");
  const bar = element("div", "bn-deck-bar");
  const prev = element("button", "bn-prev", "◀");
  const position = element("span", "bn-pos");
  const next = element("button", "bn-next", "▶");
  const full = element("button", "bn-full");
  [prev, next, full].forEach((b) => { b.type = "button"; });
  bar.append(prev, position, next, full);
  root.append(bar, picture);
  parentElement.appendChild(root);
  const deck = { root, picture, position, prev, next, full, texts: {}, report: null };
  const step = (d) => { if (deck.report) deck.report("step", d); };
  prev.addEventListener("click", () => step(-1));
  next.addEventListener("click", () => step(1));
  full.addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (root.requestFullscreen) root.requestFullscreen();
  });
  const label = () => {
    // inside the component's shadow root the document reports the host; the shadow root reports `root`
    const scope = root.getRootNode();
    const on = (scope.fullscreenElement !== undefined ? scope.fullscreenElement : document.fullscreenElement) === root;
    root.classList.toggle("bn-on", on);
    full.textContent = on ? deck.texts.exit || "" : deck.texts.full || "";
  };
  deck.label = label;
  document.addEventListener("fullscreenchange", label);
  deck.keys = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event)) return;
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      step(1);
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      step(-1);
    }
  };
  document.addEventListener("keydown", deck.keys);
  deck.destroy = () => {
    document.removeEventListener("keydown", deck.keys);
    document.removeEventListener("fullscreenchange", label);
    root.remove();
  };
  return deck;
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  if (!data || typeof data.png !== "string") return undefined;
  let deck = decks.get(parentElement);
  if (!deck) {
    deck = mount(parentElement);
    decks.set(parentElement, deck);
  }
  deck.report = setTriggerValue;
  deck.texts = data.texts || {};
  deck.prev.title = deck.texts.prev || "";
  deck.next.title = deck.texts.next || "";
  if (BASE64.test(data.png)) deck.picture.src = "data:image/png;base64," + data.png;
  deck.picture.alt = String(data.caption || "");
  deck.position.textContent = String(data.position || "");
  deck.label();
  return () => {
    if (decks.get(parentElement) === deck) {
      deck.destroy();
      decks.delete(parentElement);
    }
  };
}
