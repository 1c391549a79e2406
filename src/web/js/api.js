// The server's JSON over HTTP (docs/design/web-contract.md). A failed action throws an Error whose message is the
// server's own one line, for the page to show as it is.

export function vmPath(name, ...rest) {
  return ['/api/vms', encodeURIComponent(name), ...rest.map(encodeURIComponent)].join('/');
}

export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' } });
  return answer(response);
}

export function post(path, body = {}) {
  return send('POST', path, body);
}

export function remove(path) {
  return send('DELETE', path, undefined);
}

async function send(method, path, body) {
  const init = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return answer(await fetch(path, init));
}

async function answer(response) {
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : {};
  } catch {
    // A proxy's or servlet container's HTML page: say so below.
  }
  if (!response.ok) {
    const line = json?.error ?? `${response.status} ${response.statusText}`.trim();
    throw new Error(line);
  }
  if (json === null) throw new Error(`the server answered ${response.status} with something that is not JSON`);
  return json;
}
