// Server-Sent Events, read from a fetch body as the HTML standard parses them: lines end in
// LF, CR LF or CR (a CR LF split between two chunks is one line end), a blank line ends an
// event, an event's `data:` lines (less one leading space) are its data joined with LF, and
// every other line (comments, `event:`, `id:`, `retry:`) is skipped. What the data means is the
// wasm's.

/**
 * Reads `body` (a `ReadableStream` of bytes): `chunk()` as bytes arrive, `event(data)` for each
 * event, until either returns false. Resolves when the body ends (or reading stopped), rejects
 * when a read fails.
 */
export async function readEvents(body, chunk, event) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  let cr = false;
  let data = [];
  for (let read; !(read = await reader.read()).done; ) {
    if (!chunk()) return;
    let text = decoder.decode(read.value, { stream: true });
    if (cr && text[0] === '\n') text = text.slice(1);
    if (text) cr = text.endsWith('\r');
    const lines = (rest + text).split(/\r\n?|\n/);
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line) {
        if (/^data(:|$)/.test(line)) data.push(line.slice(5).replace(/^ /, ''));
      } else if (data.length) {
        const joined = data.join('\n');
        data = [];
        if (!event(joined)) return;
      }
    }
  }
}
