// One mounted widget's I/O: its shadow DOM, its requests, timers and listeners. Every decision
// is the wasm's (`Widget`, src/widget.rs): it checks the options, picks the language and the
// links, reads each answer and returns a frame (what to show, say and dispatch, and when to
// poll next), which this applies as it is. Text is only ever set as text, never parsed as
// HTML, so nothing from the network or an attribute can inject markup.
import { Widget } from './waitline_wasm.js';
import { languagePack } from './language.js';
import { callbackForm } from './callback-form.js';
import { readEvents } from './sse.js';
import { childOf, timer } from './lifetime.js';
// src/widget.css, minified (made by the build: scripts/lib/css.mjs).
import css from './styles.js';

const DOM_ERROR = 'waitline: the element cannot host a shadow root (use a custom element, div or span)';
const NO_WORDS = 'waitline: cannot load its language pack (serve locales/ beside index.js)';

/**
 * The protocol with the wasm: `Widget`'s objects, typed where they are made
 * (src/widget/frame.rs, into wasm-bindgen's declarations).
 * @typedef {import('./waitline_wasm.js').Frame} Frame
 * @typedef {import('./waitline_wasm.js').Setup} Setup
 * @typedef {import('./waitline_wasm.js').Target} Target
 */

/**
 * A request started before the wasm loaded (mount.js's prefetch).
 * @typedef {{ url: string, token?: string, response: Promise<Response>, controller: AbortController }} FirstRequest
 */

/** A request's headers: JSON (or a stream, preferred to JSON, when `stream`), and the token as
 * a bearer when there is one. mount.js's first request uses them too, so that it is the request
 * the wasm would send. */
export function headersFor(bearer, json, stream) {
  const headers = { Accept: stream ? 'text/event-stream, application/json;q=0.9' : 'application/json' };
  if (json) headers['Content-Type'] = 'application/json';
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  return headers;
}

// The page's title while it is hidden (`titlePosition`): one widget on the page writes it at a
// time, the first with a place to show, until it gives it back. `own` is the page's own title,
// `ours` what that widget wrote (as the browser keeps it).
const title = {};

/**
 * Renders into `host`'s open shadow root and starts polling, with `first` as the first poll
 * when it asked for exactly what the settings do. Runs until `signal` (the mount's) aborts,
 * which releases everything: listeners, timers, requests, the nodes and the wasm's widget.
 * When it aborts while the page's language pack loads, nothing is rendered.
 * @param {HTMLElement} host
 * @param {object} options mount()'s options, as the page gave them
 * @param {FirstRequest | undefined} first
 * @param {AbortSignal} signal
 */
export async function view(host, options, first, signal) {
  const doc = host.ownerDocument;
  const win = doc.defaultView;
  const languages = [doc.documentElement?.getAttribute('lang') ?? '', ...(win?.navigator.languages ?? [])];
  const core = new Widget(options, languages, host.baseURI, Math.random() * 2 ** 53);
  // The words come in a language pack (English's too): the one the wasm asks for, and the next
  // it asks for when that one cannot be had (offline, blocked), until none is left.
  let taken = false;
  for (let pack; !taken && (pack = core.setup().pack); ) {
    taken = core.language(await languagePack(pack).then(String, () => ''));
    if (signal.aborted) return core.free(); // mount() aborted `first` with it
  }
  if (!taken) {
    core.free(); // mount() aborts `first`, as on every failure
    throw Object.assign(new Error(NO_WORDS), { code: 'LoadFailed' });
  }
  const { lang, dir, timeout, offers, storageKey } = core.setup();
  // A callback asked for before a reload is followed again (per tab: sessionStorage). Storage
  // may be refused (a sandboxed frame, privacy settings): the widget works without it.
  const storage = (write) => {
    try {
      return write === undefined ? win?.sessionStorage.getItem(storageKey) : win?.sessionStorage.setItem(storageKey, write);
    } catch {
      return undefined;
    }
  };
  const kept = storage();
  if (kept) core.resume(kept);

  let root;
  try {
    root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  } catch {
    core.free();
    throw new Error(DOM_ERROR);
  }
  // Constructed stylesheets are allowed under a strict CSP where a `<style>` element is not. A
  // re-mount (an attribute changed) keeps the sheet its shadow root already adopted.
  if (!root.adoptedStyleSheets.length) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  }
  // `part` for `::part()` styling, and its first word as the class.
  const element = (tag, part, parent) => {
    const node = doc.createElement(tag);
    node.setAttribute('part', part);
    node.className = part.split(' ')[0];
    parent?.append(node);
    return node;
  };
  const box = element('div', 'container');
  box.lang = lang;
  box.dir = dir;
  const headline = element('p', 'headline', box);
  headline.tabIndex = -1; // focus lands here when the form it replaced goes
  const detail = element('p', 'detail', box);
  const note = element('p', 'note', box);
  const offersBox = element('div', 'offers', box);
  const rows = offers.map(({ kind, url: link }) => {
    const row = element('p', `offer ${kind}-offer`, offersBox);
    row.hidden = true;
    const prompt = element('span', 'offer-prompt', row);
    const action = element(link ? 'a' : 'button', kind, row);
    if (link) action.href = link;
    else action.type = 'button';
    return { kind, row, prompt, action, link };
  });
  const form = callbackForm(element, box);
  // The live region is apart from what is seen, so the core decides what is heard and when
  // (it throttles announcements), not every visual refresh.
  const live = element('div', 'live');
  live.setAttribute('role', 'status');
  live.setAttribute('aria-live', 'polite');
  live.setAttribute('aria-atomic', 'true');
  live.lang = lang;
  root.replaceChildren(box, live);

  const dispatch = (type, detail, cancelable = false) =>
    host.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, cancelable, detail }));

  // The frame's title, `{title}` standing for the page's own; without one, the page's own title
  // back, unless the page has changed it since.
  const retitle = (text) => {
    if (text !== undefined && (title.owner ??= box) === box) {
      if (doc.title !== title.ours) title.own = doc.title;
      doc.title = text.replaceAll('{title}', () => title.own);
      title.ours = doc.title;
    } else if (title.owner === box) {
      if (doc.title === title.ours) doc.title = title.own;
      title.owner = undefined;
    }
  };

  // Rewriting identical text would disturb assistive technology: compare first.
  const show = (node, text) => {
    const wanted = text ?? '';
    if (node.textContent !== wanted) node.textContent = wanted;
    node.hidden = text === undefined;
  };

  /** @param {Frame} frame */
  const render = (frame) => {
    box.dataset.state = frame.state;
    show(headline, frame.headline);
    show(detail, frame.detail);
    show(note, frame.note);
    for (const { kind, row, prompt, action } of rows) {
      const shown = frame.offers.find((offer) => offer.kind === kind);
      row.hidden = !shown;
      if (shown) {
        show(prompt, shown.prompt);
        show(action, shown.action);
      }
    }
    const hadFocus = !form.form.hidden && form.form.contains(root.activeElement);
    form.render(frame.form);
    // The form closed with focus in it: back to the offer, else to the news.
    if (hadFocus && form.form.hidden) (rows.find((r) => r.kind === 'callback' && !r.row.hidden)?.action ?? headline).focus();
    if (frame.announce !== undefined) live.textContent = frame.announce;
    retitle(frame.title);
    // Titled as the page is (a neutral title for a page without one); a click brings it back.
    // A browser that notifies only through a service worker (Chrome on Android) refuses it.
    if (frame.notification && win) {
      try {
        const notice = new win.Notification((title.owner ? title.own : doc.title) || win.location.host, { body: frame.notification, lang });
        notice.onclick = () => {
          win.focus();
          notice.close();
        };
      } catch {}
    }
    // A listener may call destroy(): the frame is applied before the page hears of it.
    for (const { type, detail: data } of frame.events) {
      if (alive()) dispatch(type, data);
    }
  };

  // The mount's end releases what it owns: listeners (`on`), timers, requests (`childOf`).
  const alive = () => !signal.aborted;
  /** @type {(target: EventTarget, type: string, listener: (event: Event) => unknown) => void} */
  const on = (target, type, listener) => target.addEventListener(type, listener, { signal });
  const nextPoll = timer(signal, setTimeout, clearTimeout);
  const ticker = timer(signal, setInterval, clearInterval);
  /** The poll (or stream) in flight: at most one. @type {{ controller: AbortController, deadline: ReturnType<typeof timer> } | undefined} */
  let inFlight;
  /** The callback request in flight. @type {AbortController | undefined} */
  let posting;

  // Calls done(response, body) once: body undefined when it is not JSON, both when there was
  // no response at all.
  const settle = (response, done) =>
    response.then(
      (answer) => answer.json().then((body) => done(answer, body), () => done(answer)),
      () => done(),
    );

  // Shows the frame, tells the page, and arms the next poll and the countdown ticker.
  /** @param {Frame} frame */
  const apply = (frame) => {
    render(frame);
    if (!alive()) return;
    // Browsers treat a delay past 2^31 - 1 ms as 0; the longest the core asks for is an hour.
    nextPoll.set(frame.poll === undefined ? undefined : () => poll(), frame.poll);
    if (!frame.ticking) ticker.clear();
    else if (!ticker.armed) ticker.set(update, 1000);
  };

  // Ends the request (or stream) in flight (its deadline goes with it); whatever it still
  // brings is ignored.
  const endRequest = () => {
    inFlight?.controller.abort();
    inFlight = undefined;
  };

  // Polls now: `started` is a request already under way (the prefetched first one), else a new
  // one is sent. At most one is in flight: a new poll aborts the one before. An answer the wasm
  // takes as a stream stays in flight while its events come, each an answer; its deadline is
  // then the wasm's (`watch`), re-armed as bytes arrive, and the stream's end is its answer.
  /** @param {FirstRequest} [started] */
  const poll = (started) => {
    endRequest();
    const controller = started?.controller ?? childOf(signal);
    let response = started?.response;
    if (!response) {
      const { url, token: bearer, stream } = core.target();
      try {
        response = fetch(new Request(url, { headers: headersFor(bearer, false, stream), signal: controller.signal }));
      } catch {
        return apply(core.answer(undefined, undefined, false, Date.now())); // refused by the browser
      }
    }
    const request = { controller, deadline: timer(controller.signal, setTimeout, clearTimeout) };
    inFlight = request;
    const live = () => alive() && inFlight === request; // not destroyed, nor superseded
    let timedOut = false;
    /** @type {number | undefined} */
    let quiet;
    /** @param {number} ms */
    const arm = (ms) =>
      request.deadline.set(() => {
        timedOut = true;
        controller.abort();
      }, ms);
    arm(timeout);
    const done = (answer, body) => {
      if (!live()) return;
      const frame = core.answer(answer, body, timedOut, Date.now());
      quiet = frame.watch;
      if (quiet) arm(quiet);
      else endRequest();
      apply(frame);
      return live();
    };
    response.then((answer) => {
      if (!live()) return;
      // A stream is a 200 of Server-Sent Events; the wasm decides whether to read it as one.
      const wait = core.opened(answer.status === 200 && /^text\/event-stream/i.test(answer.headers.get('content-type') ?? ''));
      if (!wait) return answer.json().then((body) => done(answer, body), () => done(answer));
      arm(wait);
      const event = (data) => {
        let body;
        try {
          body = JSON.parse(data);
        } catch {}
        return done(answer, body);
      };
      // Any bytes, a comment too, keep a stream that has delivered alive.
      const chunk = () => live() && (quiet && arm(quiet), true);
      readEvents(answer.body, chunk, event).then(() => done(), () => done());
    }, () => done());
  };

  // The callback request the wasm asked for (`send`). Its answer either starts following the
  // callback (`store`: remembered for a reload, and polls go to it at once) or puts the reason
  // next to the field.
  /** @param {{ url: string, token?: string, body: string }} send */
  const post = ({ url, token: bearer, body }) => {
    const controller = childOf(signal);
    posting = controller;
    timer(controller.signal, setTimeout, clearTimeout).set(() => controller.abort(), timeout);
    /** @param {Response} [answer] @param {unknown} [data] */
    const done = (answer, data) => {
      if (!alive() || posting !== controller) return;
      posting = undefined;
      controller.abort(); // answered: its deadline, and its hold on the mount, go
      const frame = core.requested(answer, data, Date.now());
      if (frame.store === undefined) return render(frame);
      endRequest(); // an answer about the contact itself means nothing any more
      storage(frame.store);
      apply(frame);
    };
    try {
      settle(fetch(new Request(url, { method: 'POST', headers: headersFor(bearer, true), body, signal: controller.signal })), done);
    } catch {
      done(); // refused by the browser
    }
  };

  // The clock, the page's visibility and the browser's connectivity as they are now: the frame
  // (the countdown, the title while hidden), then the poll timer as the frame's `schedule` says:
  // paused while the page is hidden or the browser offline, a poll at once on return.
  const offline = () => (win ? !win.navigator.onLine : false);
  const update = () => {
    const frame = core.tick(Date.now(), doc.hidden, offline());
    render(frame);
    if (!alive() || frame.schedule === 'keep') return;
    nextPoll.clear();
    if (frame.schedule === 'poll') poll();
  };
  on(doc, 'visibilitychange', update);
  if (win) {
    on(win, 'offline', update);
    on(win, 'online', update);
  }
  // Clicking an offer fires `waitline:callback` / `waitline:self-service` (cancelable); a
  // listener's preventDefault() keeps the link from opening, or the callback form.
  for (const { kind, row, action, link } of rows) {
    on(action, 'click', (event) => {
      if (!dispatch(`waitline:${kind}`, {}, true)) return event.preventDefault();
      // Asked only now, on the customer's click; the button goes once they said yes or no.
      if (kind === 'notify' && win) {
        return win.Notification.requestPermission().then((permission) => {
          if (!alive()) return;
          render(core.notify(permission, Date.now()));
          if (row.hidden) headline.focus();
        });
      }
      if (kind !== 'callback' || link || !alive()) return;
      render(core.form(true, Date.now()));
      form.input.focus();
    });
  }
  on(form.form, 'submit', (event) => {
    event.preventDefault();
    const frame = core.submit(form.input.value, Date.now());
    render(frame);
    if (frame.send && alive()) post(frame.send);
    else form.input.focus();
  });
  on(form.cancel, 'click', () => render(core.form(false, Date.now())));

  core.notify(win?.Notification?.permission ?? '', 0);
  const frame = core.tick(Date.now(), doc.hidden, offline()); // the first: it starts
  const target = core.target();
  // A stopped widget must not leave its last answer on screen as if it were still true. Only
  // its own nodes go, in case a newer mount replaced them. (Listeners, timers and requests are
  // released by the same abort, through their own hold on `signal`.)
  signal.addEventListener(
    'abort',
    () => {
      retitle();
      box.remove();
      live.remove();
      core.free();
    },
    { once: true },
  );
  if (first && frame.poll === 0 && first.url === target.url && first.token === target.token) {
    render(frame);
    if (alive()) poll(first);
  } else {
    first?.controller.abort();
    apply(frame);
  }
}
