// The single page's router: #/ is the VM list, #/vm/NAME one VM. Each page mounts into <main> and returns the
// function that unmounts it (closing its sockets).
import { mountList } from './list-page.js';
import { mountVm } from './vm-page.js';
import { clearNotice } from './notice.js';
import { h, replaceChildren } from './dom.js';

let unmount = null;

function route() {
  unmount?.();
  clearNotice();
  const page = document.getElementById('page');
  const crumbs = document.getElementById('crumbs');
  page.replaceChildren();
  const vm = /^#\/vm\/(.+)$/.exec(location.hash);
  if (vm) {
    const name = decodeURIComponent(vm[1]);
    replaceChildren(crumbs, h('a', { href: '#/' }, 'Virtual machines'), ' / ', h('span', {}, name));
    document.title = `${name} – kvmctl`;
    unmount = mountVm(page, name);
  } else {
    replaceChildren(crumbs, h('span', {}, 'Virtual machines'));
    document.title = 'kvmctl';
    unmount = mountList(page);
  }
}

window.addEventListener('hashchange', route);
route();
