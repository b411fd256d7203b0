"""Look of the chat: the theme (system fonts only), the page CSS, and the booth (kiosk) additions.

The booth laptop is offline: the default theme would fetch web fonts, so the theme names
fonts installed with the system (Noto CJK or WenQuanYi for Chinese, DejaVu covers Cyrillic).
"""

from __future__ import annotations

import gradio as gr

FONTS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans", "system-ui", "sans-serif"]
THEME = gr.themes.Default(font=FONTS, font_mono=["DejaVu Sans Mono", "monospace"])

CSS = """
.bh-answer { font-size: 1.05em; line-height: 1.6; }
.bh-answer .cursor { opacity: .6; }
.bh-question, .bh-notice, .bh-hint { white-space: pre-wrap; overflow-wrap: anywhere; }
.bh-hint { margin-top: .4em; font-size: .9em; opacity: .8; }
.bh-sources { margin-top: .6em; }
.bh-sources-title { font-size: .85em; opacity: .75; }
.citation { margin: .25em 0; border-left: 3px solid #d0d7e2; padding-left: .5em; }
.citation summary { cursor: pointer; }
.citation .cite-source { opacity: .6; }
.cite-section { font-weight: 600; margin: .3em 0; }
.cite-text { line-height: 1.6; }
mark { background: #ffe08a; color: inherit; padding: 0 .1em; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .8em; }
.pair-label { font-size: .8em; opacity: .7; }
sup.cite-ref { font-size: .75em; opacity: .7; }
#suggestions button, .followup button, button.followup { white-space: normal; text-align: left; }
.fig-layout { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.2em; align-items: start; }
.fig-table { border-collapse: collapse; width: 100%; }
.fig-table td, .fig-table th { border-bottom: 1px solid #e5e7eb; padding: .3em .5em; text-align: left; }
.fig-table tr.fig-group th { background: #f3f4f6; }
.fig-value a { font-weight: 600; }
.fig-chart { max-width: 680px; margin-bottom: 1em; font-size: 14px; }
.fig-chart rect { fill: #3b82f6; }
.fig-chart a:hover rect { fill: #1d4ed8; }
.fig-chart a { text-decoration: none; }
.fig-chart text { fill: currentColor; }
.fig-chart .fig-num { font-weight: 600; }
.fig-chart .fig-title { font-weight: 600; font-size: 16px; }
.fig-source { display: none; border-left: 4px solid #f59e0b; padding: .4em .8em; margin-bottom: 1em;
  background: #fffbeb; }
.fig-source:target { display: block; }
.glossary-table { border-collapse: collapse; width: 100%; font-size: .95em; }
.glossary-table td, .glossary-table th { border-bottom: 1px solid #e5e7eb; padding: .25em .4em; text-align: left;
  vertical-align: top; }
@media (max-width: 800px) { .pair, .fig-layout { grid-template-columns: 1fr; } }
"""

# The booth: read from two metres on a laptop screen, touched rather than typed at.
KIOSK_CSS = """
footer { display: none !important; }
.gradio-container { --text-sm: 18px; --text-md: 24px; --text-lg: 28px; --text-xl: 32px; --text-xxl: 40px;
  font-size: 24px; max-width: 100% !important; }
#chat .message, #chat .bh-answer, #chat .bh-question { font-size: 26px; line-height: 1.5; }
#question textarea { font-size: 28px !important; line-height: 1.4; }
#ask, #new { font-size: 26px !important; min-height: 64px; }
#suggestions button, button.followup { font-size: 24px !important; min-height: 80px; padding: 12px 18px; }
#title h1 { font-size: 36px; margin-bottom: 0; }
#title p { display: none; }
#chat .citation { font-size: 20px; }
#followups-label { font-size: 24px; }
"""


def idle_reset_js(seconds: int) -> str:
    """Page script for the booth: after `seconds` without a touch or key, load a fresh page.

    A fresh page leaves nothing of the previous visitor on screen (conversation, open
    passages, half-typed question, chosen tab); it reloads only after someone used the page.
    """
    return f"""
() => {{
  const idleMs = {int(seconds) * 1000};
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
  }}, 500);
}}
"""
