"""Page script: the conversation's buttons ([n], Copy, feedback), the character counter, figure passages, <html lang>.

Each string is the `js_on_load` of one gr.HTML (run once; `element` is the component, `trigger`
sends one of its events to the server, `watch` runs after each re-render) or a page script.
Clicks are caught on the component itself, so they keep working when its HTML is replaced.
"""

from __future__ import annotations

import json

from kb.chain import MAX_QUESTION
from ui.i18n import DEFAULT, HTML_LANG

CONVERSATION = """
const copyText = async (text) => {
  try { await navigator.clipboard.writeText(text); return true; } catch (e) {
    const area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    const ok = document.execCommand('copy'); area.remove(); return ok;
  }
};
element.addEventListener('click', async (ev) => {
  const ref = ev.target.closest('.cite-ref');
  if (ref) {
    const card = element.querySelector('#' + ref.dataset.card);
    if (card) { card.open = true; card.scrollIntoView({block: 'nearest'}); card.querySelector('summary').focus(); }
    return;
  }
  const copy = ev.target.closest('.bh-copy');
  if (copy) {
    window.bhCopied = copy.dataset.copy;
    if (await copyText(copy.dataset.copy)) { copy.textContent = copy.dataset.done; copy.classList.add('done'); }
    return;
  }
  const rate = ev.target.closest('.bh-rate');
  if (rate && !rate.disabled) {
    element.querySelectorAll(`.bh-rate[data-turn="${rate.dataset.turn}"]`).forEach((b) => { b.disabled = true; });
    trigger('feedback', {turn: Number(rate.dataset.turn), rating: rate.dataset.rating});
    return;
  }
  const reason = ev.target.closest('.bh-reason');
  if (reason) {
    reason.setAttribute('aria-pressed', reason.getAttribute('aria-pressed') === 'true' ? 'false' : 'true');
    return;
  }
  const send = ev.target.closest('.bh-send');
  if (send) {
    const form = send.closest('.bh-form');
    const reasons = [...form.querySelectorAll('.bh-reason[aria-pressed="true"]')].map((b) => b.dataset.reason);
    const comment = form.querySelector('.bh-comment')?.value || '';
    send.disabled = true;
    trigger('feedback', {turn: Number(send.dataset.turn), reasons, comment});
  }
});
// A new question (or a restored conversation) brings its turn to the top of the screen; the
// question box stays pinned below it, so the answer and the box are on screen together. The booth
// scrolls only as far as the answer needs, so the language buttons stay in sight when it fits.
let seen = element.querySelectorAll('.bh-turn').length, waiting = false;
watch('value', () => {
  const turns = element.querySelectorAll('.bh-turn');
  const pending = !!element.querySelector('.bh-pending');
  const block = element.querySelector('.bh-conv[data-kiosk]') ? 'nearest' : 'start';
  if (turns.length > seen || (waiting && !pending)) { turns[turns.length - 1].scrollIntoView({block}); }
  seen = turns.length; waiting = pending;
});
"""

COUNTER = f"""
const MAX = {MAX_QUESTION};
const update = () => {{
  const box = document.querySelector('#question textarea');
  const span = element.querySelector('.bh-counter');
  if (!box || !span) return;
  const n = [...box.value.trim()].length;
  span.hidden = n < MAX * 0.8;
  span.textContent = span.dataset.fmt.replace('{{n}}', n).replace('{{max}}', MAX);
  span.classList.toggle('over', n > MAX);
}};
document.addEventListener('input', update, true);
// The box is also emptied by the server after a question is sent: no input event for that.
setInterval(update, 400);
"""

FIGURES = """
element.addEventListener('click', (ev) => {
  const open = ev.target.closest('.fig-open');
  const close = ev.target.closest('.fig-close');
  const target = open || close;
  if (!target) return;
  const panel = element.querySelector('#' + target.getAttribute('aria-controls'));
  const opener = element.querySelector(`.fig-open[aria-controls="${panel.id}"]`);
  const show = open ? panel.hidden : false;
  panel.hidden = !show;
  opener.setAttribute('aria-expanded', String(show));
  if (show) { panel.scrollIntoView({block: 'nearest'}); } else if (close) { opener.focus(); }
});
"""

GLOSSARY = """
element.addEventListener('click', (ev) => {
  const page = ev.target.closest('.g-page');
  if (page && !page.disabled) { trigger('go_page', {page: Number(page.dataset.page)}); }
});
"""


def set_lang_js() -> str:
    """The language listener's script: <html lang> follows the interface language."""
    return f"(ui) => {{ document.documentElement.lang = ({json.dumps(HTML_LANG)})[ui] || 'zh-Hans'; return ui; }}"


def page_js(idle_seconds: int | None = None) -> str:
    """The page script: the default <html lang> and, for the booth, the idle reset.

    After `idle_seconds` without a touch or key the booth loads a fresh page: it leaves nothing of
    the previous visitor on screen (conversation, open passages, half-typed question, chosen tab);
    it reloads only after someone used the page.
    """
    idle = ""
    if idle_seconds is not None:
        idle = f"""
  const idleMs = {int(idle_seconds) * 1000};
  let last = Date.now(), used = false;
  const touched = () => {{ last = Date.now(); used = true; }};
  for (const ev of ["pointerdown", "keydown", "touchstart", "wheel", "input"]) {{
    document.addEventListener(ev, touched, {{capture: true, passive: true}});
  }}
  window.bhIdleMs = idleMs;
  setInterval(() => {{
    if (used && Date.now() - last >= idleMs) {{
      used = false;
      location.replace(location.pathname + location.search);
    }}
  }}, 500);"""
    return f"""
() => {{
  document.documentElement.lang = "{HTML_LANG[DEFAULT]}";{idle}
}}
"""
