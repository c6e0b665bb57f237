// The widget's stylesheet (src/widget.css) as the package ships it: comments and layout
// whitespace are bytes every customer downloads and no browser reads. Hand-written because the
// rules needed are four (no CSS minifier is small enough to be worth a dependency here).

/** `css` without comments and without whitespace CSS never needs. */
export function minifyCss(css) {
  // 1. Comments out (an unterminated one runs to the end, as in CSS).
  const text = css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
  // 2. Runs of whitespace become one space. 3. No space next to `{ } ; ,`, where CSS never
  // needs one, nor after `:` (`color: red`, `(prefers-color-scheme: dark)`), where it only
  // ever precedes a value. A space before `:` stays: there it is a descendant combinator.
  let out = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const glued = /[{};,:]$/.test(out) || /^[{};,]/.test(word);
    if (out && !glued) out += ' ';
    out += word;
  }
  // 4. The last declaration of a block needs no `;`.
  return out.replaceAll(';}', '}');
}
