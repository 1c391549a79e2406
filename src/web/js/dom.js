// h('button', {id: 'action-pause', class: 'btn', onclick: f}, 'Pause'): one element with attributes, handlers and
// children. Attributes starting with "on" become listeners; "dataset" sets data-* attributes; null children drop out.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'class') {
      el.className = value;
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

// Replaces every child of el (a re-render of a small part of a page).
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  append(el, children);
}
