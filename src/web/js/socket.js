// One WebSocket feed of the server: JSON text frames to onMessage, binary frames to onBinary. It reconnects after a
// close while shouldReconnect() says so (the server restarted, the VM came back after a migration), waiting longer
// after each failed try, and stops for good on close().

export function wsUrl(path) {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}${path}`;
}

export function openFeed(path, { onMessage, onBinary, onOpen, onClose, shouldReconnect = () => true, protocols }) {
  let socket = null;
  let closed = false;
  let delay = 500;
  let timer = null;

  function connect() {
    socket = protocols ? new WebSocket(wsUrl(path), protocols) : new WebSocket(wsUrl(path));
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      delay = 500;
      onOpen?.();
    };
    socket.onmessage = (e) => {
      if (typeof e.data === 'string') {
        let message;
        try {
          message = JSON.parse(e.data);
        } catch {
          return; // not ours to show
        }
        onMessage?.(message);
      } else {
        onBinary?.(new Uint8Array(e.data));
      }
    };
    socket.onclose = (e) => {
      onClose?.(e);
      if (closed) return;
      timer = setTimeout(() => {
        timer = null;
        if (!closed && shouldReconnect()) connect();
        else if (!closed) retryLater();
      }, delay);
      delay = Math.min(delay * 2, 5000);
    };
  }

  function retryLater() {
    timer = setTimeout(() => {
      timer = null;
      if (closed) return;
      if (shouldReconnect()) connect();
      else retryLater();
    }, 1000);
  }

  connect();
  return {
    send(data) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(data);
    },
    isOpen: () => socket?.readyState === WebSocket.OPEN,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
    },
  };
}
