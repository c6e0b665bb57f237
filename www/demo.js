// The demo page's stand-in for a site's backend: asks the proxy's simulator for a new waiting
// contact and a token for it, then hands both to the widget.
import '/waitline/index.js';

const params = new URLSearchParams(location.search);
const widget = document.getElementById('wait');
const note = document.getElementById('note');
const log = document.getElementById('events');

document.getElementById('locale').addEventListener('change', (event) => {
  if (event.target.value) widget.setAttribute('locale', event.target.value);
  else widget.removeAttribute('locale');
});
document.getElementById('layout').addEventListener('change', (event) => widget.setAttribute('layout', event.target.value));

// Without callback-url / self-service-url the offers are buttons that only fire events: this
// is where a site would start a callback (StartOutboundVoiceContact) or open its help center.
widget.addEventListener('waitline:callback', () => {
  log.textContent = 'waitline:callback: a real site would now ask its backend to start a callback.';
});
widget.addEventListener('waitline:self-service', () => {
  log.textContent = 'waitline:self-service: a real site would now open its help center or chatbot.';
});

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
