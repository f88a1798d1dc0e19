// khabar serve: the only script. Copies the article link (the share button)
// and tidies images that fail to load; everything else works without
// JavaScript.
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

// Archived pages point at images on other sites, which may be gone: a broken
// image is hidden (its figure says so) instead of showing its alt text twice.
const markMissing = (img) => {
  img.classList.add("img-missing");
  const fig = img.closest("figure");
  if (fig) fig.classList.add("photo-missing");
};
document.addEventListener("error", (ev) => {
  if (ev.target instanceof HTMLImageElement) markMissing(ev.target);
}, true);
for (const img of document.images) {
  if (img.complete && img.naturalWidth === 0 && img.getAttribute("src")) markMissing(img);
}
