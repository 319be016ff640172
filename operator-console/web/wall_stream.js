// SPDX-License-Identifier: Apache-2.0
// The camera wall's one stream: GET /live/wall?cameras=a,b,c answers multipart parts, each a
// JPEG with an X-Camera header naming its camera and a Content-Length. This reads it with
// fetch() and hands each frame to `onFrame(camera, blob)`; after an error or the end of the
// stream it tries again every RETRY_MS until stopped.

const RETRY_MS = 5000;
const HEADER_END = [13, 10, 13, 10];  // \r\n\r\n

function indexOfHeaderEnd(bytes) {
  outer: for (let i = 0; i + 4 <= bytes.length; i++) {
    for (let k = 0; k < 4; k++) if (bytes[i + k] !== HEADER_END[k]) continue outer;
    return i;
  }
  return -1;
}

function concat(a, b) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

// Reads parts until the stream ends; throws on a part without a length.
async function readParts(reader, onFrame) {
  const decoder = new TextDecoder();
  let buffer = new Uint8Array(0);
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer = concat(buffer, value);
    for (let end; (end = indexOfHeaderEnd(buffer)) >= 0;) {
      const head = decoder.decode(buffer.subarray(0, end));
      const length = Number(/Content-Length:\s*(\d+)/i.exec(head)?.[1]);
      if (!Number.isFinite(length)) throw new Error('a wall stream part has no Content-Length');
      const start = end + 4;
      if (buffer.length < start + length + 2) break;  // the rest of this frame is still coming
      const camera = /X-Camera:\s*(\S+)/i.exec(head)?.[1];
      onFrame(camera, new Blob([buffer.slice(start, start + length)], { type: 'image/jpeg' }));
      buffer = buffer.slice(start + length + 2);
    }
  }
}

export function openWallStream(cameras, overlay, onFrame) {
  const abort = new AbortController();
  const query = new URLSearchParams({ cameras: cameras.join(',') });
  if (overlay) query.set('overlay', '1');
  (async () => {
    while (!abort.signal.aborted) {
      try {
        const response = await fetch(`/live/wall?${query}`, { signal: abort.signal, cache: 'no-store', credentials: 'same-origin' });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        await readParts(response.body.getReader(), onFrame);
      } catch (err) {
        if (!abort.signal.aborted) console.warn('wall stream:', err.message);
      }
      await new Promise((resolve) => setTimeout(resolve, abort.signal.aborted ? 0 : RETRY_MS));
    }
  })();
  return { stop: () => abort.abort() };
}
