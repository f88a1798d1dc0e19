// khabar serve: the only script. Copies the article link (the share button);
// everything else works without JavaScript.
document.addEventListener("click", (ev) => {
  const btn = ev.target.closest("button.copy-link");
  if (!btn) return;
  const status = btn.parentElement.querySelector(".copy-status");
  const done = (ok) => { if (status) status.textContent = ok ? "پیوند رونوشت شد" : "رونوشت ناموفق بود"; };
  const url = btn.dataset.url || location.href;
  if (navigator.clipboard && navigator.clipboard.writeText) {
    navigator.clipboard.writeText(url).then(() => done(true), () => done(false));
  } else {
    done(false);
  }
});
