// The one banner under the top bar: an action's error (the server's line, as it is) or a short confirmation.
let timer = null;

export function showError(message) {
  show('error', message, 0);
}

export function showInfo(message) {
  show('info', message, 4000);
}

function show(kind, message, hideAfterMs) {
  const el = document.getElementById('notice');
  el.dataset.kind = kind;
  el.textContent = message;
  el.hidden = false;
  el.onclick = () => (el.hidden = true);
  el.title = 'click to dismiss';
  if (timer) clearTimeout(timer);
  timer = hideAfterMs ? setTimeout(() => (el.hidden = true), hideAfterMs) : null;
}

export function clearNotice() {
  document.getElementById('notice').hidden = true;
}
