// Read-your-writes for the page (api/bookmarks.py): the API answers a write with `Powermap-Bookmark`.
// Sent back on every later call, it makes whichever API replica a proxy picks wait until its database
// holds that write, so the map redrawn after an edit shows the edit. Every call the page makes goes
// through `powermapFetch`. The bookmark lives in memory only: a reload (sign-out is one) starts
// without it, as a new client does.
"use strict";

(() => {
  const HEADER = "Powermap-Bookmark";
  let bookmark = null;

  async function powermapFetch(url, options = {}) {
    const headers = new Headers(options.headers || {});
    if (bookmark) headers.set(HEADER, bookmark);
    const response = await fetch(url, { ...options, credentials: "same-origin", headers });
    bookmark = response.headers.get(HEADER) || bookmark;
    return response;
  }

  window.powermapFetch = powermapFetch;
})();
