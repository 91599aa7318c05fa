// DOM helpers. Every piece of text goes in through textContent (or a Text node):
// pasted text is data, never markup, so nothing here ever parses HTML.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Sets attributes and properties on an element: on* keys become listeners. */
function applyAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else {
      node.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

/** Appends children: nodes as they are, strings and numbers as Text nodes. */
function appendKids(node, kids) {
  for (const kid of kids.flat(Infinity)) {
    if (kid === undefined || kid === null || kid === false) continue;
    node.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
  }
}

/** Builds an HTML element: el('td', { class: 'x' }, 'text', child). */
export function el(tag, attrs, ...kids) {
  const node = document.createElement(tag);
  applyAttrs(node, attrs);
  appendKids(node, kids);
  return node;
}

/** Builds an SVG element with createElementNS. */
export function svgEl(tag, attrs, ...kids) {
  const node = document.createElementNS(SVG_NS, tag);
  applyAttrs(node, attrs);
  appendKids(node, kids);
  return node;
}

/** Replaces all children of a node. */
export function replaceKids(node, ...kids) {
  node.textContent = '';
  appendKids(node, kids);
}

/** Finds an element by id (throws a clear error when the page lacks it). */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`page element #${id} is missing`);
  return node;
}

/** Calls fn after `wait` ms of quiet; the returned function takes the same arguments. */
export function debounce(fn, wait) {
  let timer = 0;
  const run = (...args) => {
    clearTimeout(timer);
    const ms = typeof wait === 'function' ? wait(...args) : wait;
    timer = setTimeout(() => fn(...args), ms);
  };
  run.cancel = () => clearTimeout(timer);
  return run;
}

/** Offers data as a file download (a Blob URL, revoked after the click). */
export function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
