// The demo page's stand-in for a site's backend: asks the proxy's simulator for a new waiting
// contact and a token for it, then hands both to the widget.
import '/waitline/index.js';

const params = new URLSearchParams(location.search);
const widget = document.getElementById('wait');
const note = document.getElementById('note');

try {
  const response = await fetch('/v1/demo/contacts', { method: 'POST' });
  if (!response.ok) throw new Error(`the proxy answered ${response.status}`);
  const { contactId, token } = await response.json();
  widget.setAttribute('poll-seconds', params.get('poll-seconds') ?? '3');
  widget.setAttribute('token', token);
  widget.setAttribute('contact-id', contactId);
  note.textContent = `This demo follows contact ${contactId} in a simulated Amazon Connect queue.`;
} catch (error) {
  note.textContent = `Could not create a demo contact: ${error.message}. Is the proxy running in simulator mode?`;
}
