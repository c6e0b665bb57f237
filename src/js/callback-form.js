// The "Call me back" form: a phone number field, confirm and back. What it says, whether a
// number may be sent and what the proxy's answer means are the wasm's (`Widget.submit`,
// `Widget.requested`); this only builds the form and shows each frame's `form`.
export function callbackForm(element, parent) {
  const form = element('form', 'callback-form', parent);
  form.hidden = true;
  form.noValidate = true; // the wasm says what is wrong, in the widget's language
  const label = element('label', 'callback-label', form);
  const input = element('input', 'callback-number', form);
  input.type = 'tel';
  input.autocomplete = 'tel';
  input.id = 'callback-number';
  label.htmlFor = input.id;
  // Next to the field and always in the tree: text set in a live region is read out, where an
  // element only just shown may not be.
  const error = element('p', 'callback-error', form);
  error.id = 'callback-error';
  error.setAttribute('role', 'alert');
  input.setAttribute('aria-describedby', error.id);
  const buttons = element('p', 'callback-buttons', form);
  const confirm = element('button', 'callback-confirm', buttons);
  confirm.type = 'submit';
  const cancel = element('button', 'callback-cancel', buttons);
  cancel.type = 'button';

  return {
    form,
    input,
    cancel,
    /** Shows `state` (a frame's `form`), or hides the form when there is none. */
    render(state) {
      form.hidden = !state;
      if (!state) return;
      label.textContent = state.label;
      confirm.textContent = state.confirm;
      cancel.textContent = state.cancel;
      const message = state.error ?? '';
      if (error.textContent !== message) error.textContent = message;
      input.setAttribute('aria-invalid', String(state.error !== undefined));
      form.setAttribute('aria-busy', String(state.sending));
    },
  };
}
