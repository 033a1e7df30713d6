// Read-your-writes for the page (api/bookmarks.py): the API answers a write with `Powermap-Bookmark`.
// Sent back on every later call, it makes whichever API replica a proxy picks wait until its database
// holds that write, so the map redrawn after an edit shows the edit. Every call the page makes goes
// through `powermapFetch`. The bookmark lives in memory only: a reload (sign-out is one) starts
// without it, as a new client does.
//
// A bookmark the server will not honour must not lock the page out until a reload: a 422 naming the
// header (a database restored from an older backup, say) drops it and sends the call again once
// without it (the refusal came before anything was written); a 503 to a call that sent one (the
// database gave up waiting for that write) drops it, so the next call does not wait again.
"use strict";

(() => {
  const HEADER = "Powermap-Bookmark";
  let bookmark = null;

  async function refusesBookmark(response) {
    if (response.status !== 422) return false;
    const problem = await response.clone().json().catch(() => ({}));
    return (problem.errors || []).some((error) => error.field === HEADER);
  }

  async function send(url, options, sent) {
    const headers = new Headers(options.headers || {});
    if (sent) headers.set(HEADER, sent);
    return fetch(url, { credentials: "same-origin", ...options, headers });
  }

  async function powermapFetch(url, options = {}) {
    const sent = bookmark;
    let response = await send(url, options, sent);
    if (sent && (response.status === 503 || await refusesBookmark(response))) {
      if (bookmark === sent) bookmark = null;
      if (response.status === 422) response = await send(url, options, null);
    }
    bookmark = response.headers.get(HEADER) || bookmark;
    return response;
  }

  window.powermapFetch = powermapFetch;
})();
