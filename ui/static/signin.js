// Signing in with a person's account: the e-mail and password go once to POST /api/v1/session/password
// and are never stored; the answer is the same HttpOnly, SameSite=Strict session cookie a key opens
// (api/session.py). A wrong e-mail, password or a disabled account all get one message.
"use strict";

document.getElementById("account-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const email = document.getElementById("account-email");
  const password = document.getElementById("account-password");
  const credentials = { email: email.value.trim(), password: password.value };
  password.value = "";
  const response = await powermapFetch("/api/v1/session/password", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(credentials),
  }).catch(() => null);
  if (response && response.ok) {
    window.powermap.start().catch((error) => window.powermap.setStatus(error.message));
    return;
  }
  const problem = response ? await response.json().catch(() => ({})) : {};
  window.powermap.setStatus(`Sign-in refused: ${problem.detail || "the server did not answer"}`);
  password.focus();
});
