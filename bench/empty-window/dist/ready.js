// Drawn: after the paint that follows load (two animation frames), as the app reports it.
requestAnimationFrame(() =>
  requestAnimationFrame(() => window.__TAURI_INTERNALS__.invoke("screen_ready", { name: "first-screen" })),
);
