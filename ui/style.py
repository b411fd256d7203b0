"""Look of the chat: the theme (system fonts only), the page CSS, and the booth (kiosk) additions.

The booth laptop is offline: the default theme would fetch web fonts, so the theme names
fonts installed with the system (Noto CJK or WenQuanYi for Chinese, DejaVu covers Cyrillic).
Touch targets follow the usual thumb size: 44 px on a phone (Apple's HIG, WCAG 2.5.5), and
56 px at the booth, touched at arm's length by someone reading from further away.
"""

from __future__ import annotations

import gradio as gr

FONTS = ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "DejaVu Sans", "system-ui", "sans-serif"]
THEME = gr.themes.Default(font=FONTS, font_mono=["DejaVu Sans Mono", "monospace"])

CSS = """
:root { --bh-touch: 44px; --bh-accent: #1d4ed8; }
/* Gradio clips its container with overflow: hidden, which makes it the box a sticky element sticks in;
   clip sideways only, so the question box can stick to the window. */
.gradio-container { padding-bottom: 0 !important; overflow-x: clip !important; overflow-y: visible !important; }
/* Gradio pads the page by 32 px each side: a tenth of a phone's width. (Outside the app's own box,
   so no media query: Gradio scopes those to inside it.) */
.fillable.app { padding-left: min(32px, 2.5vw) !important; padding-right: min(32px, 2.5vw) !important; }
#title h1 { font-size: 1.35em; margin: 0 0 .15em; }
#title p { margin: 0; font-size: .9em; opacity: .8; }
#header { align-items: center; gap: .5em; flex-wrap: wrap; }
#title { flex: 1 1 300px !important; min-width: min(300px, 100%) !important; }
#ui-lang { flex: 0 1 auto !important; }
/* The language switch: each language a button in its own script, the chosen one filled. */
#ui-lang { padding: 0 !important; border: 0 !important; background: none !important; }
#ui-lang .wrap { gap: 6px; flex-wrap: wrap; }
#ui-lang label { min-height: var(--bh-touch); min-width: var(--bh-touch); padding: 0 10px !important; margin: 0;
  display: inline-flex; align-items: center; justify-content: center; border-radius: 8px; cursor: pointer; }
#ui-lang label input { position: absolute; opacity: 0; width: 1px; height: 1px; pointer-events: none; }
#ui-lang label.selected, #ui-lang label:has(input:checked) { background: var(--bh-accent); color: #fff; }
#tabs button[role='tab'] { min-height: var(--bh-touch); min-width: var(--bh-touch); padding: 0 1em; font-size: 1em; }
#tabs .tab-wrapper, #tabs .tab-container { height: auto !important; flex-wrap: wrap; }
button, #ask, #new, .followup, #suggestions button { min-height: var(--bh-touch); min-width: var(--bh-touch); }
#suggestions button, button.followup { white-space: normal; text-align: left; justify-content: flex-start;
  height: auto; padding: .5em .8em; line-height: 1.35; }
#suggestions, #followups { gap: 8px; flex-wrap: wrap; }
#suggestions > *, #followups > button { flex: 1 1 260px !important; min-width: min(260px, 100%) !important; }
#followups-label { flex: 1 1 100% !important; }
#followups-label p { margin: 0; }
.bh-icon { display: block; flex: none; width: 1.1em; height: 1.1em; fill: none; stroke: currentColor; stroke-width: 2;
  stroke-linecap: round; stroke-linejoin: round; }
footer a, footer button:not(.hidden) { min-height: var(--bh-touch); display: inline-flex; align-items: center;
  padding: 0 .6em; }
/* The question box stays on screen: pinned to the bottom of the window while the conversation scrolls. */
#composer { position: sticky; bottom: 0; z-index: 20; background: var(--body-background-fill);
  padding: 8px 0 6px; border-top: 1px solid var(--border-color-primary); gap: 4px; }
#composer-row { gap: 8px; flex-wrap: nowrap; align-items: stretch; }
#question { min-width: 0 !important; }
#question textarea { font-size: 16px; }
textarea, input[type="text"], input[type="search"] { min-height: var(--bh-touch); }
#ask { flex: 0 0 auto !important; min-width: 88px !important; }
#ask-note { color: #b45309; }
#counter:has(.bh-counter[hidden]) { display: none; }
#ask-note p { margin: 0; }
.bh-counter { font-size: .85em; opacity: .8; }
.bh-counter.over { color: #b91c1c; opacity: 1; font-weight: 600; }
#log-notice, #log-notice p { font-size: .85em; opacity: .75; margin: 0; }
/* The conversation: part of the page, never a box scrolling inside it. */
#chat { overflow: visible !important; }
.bh-conv { display: flex; flex-direction: column; gap: 1em; }
.bh-empty p { margin: .2em 0; opacity: .8; }
.bh-turn { scroll-margin-top: 8px; display: flex; flex-direction: column; gap: .5em; }
.bh-question { align-self: flex-end; max-width: 85%; background: #e0e7ff; color: #1e1b4b; border-radius: 14px;
  padding: .5em .8em; white-space: pre-wrap; overflow-wrap: anywhere; }
.bh-answer { font-size: 1.05em; line-height: 1.6; overflow-wrap: anywhere; }
.bh-notice, .bh-pending, .bh-hint { white-space: pre-wrap; overflow-wrap: anywhere; opacity: .85; }
.bh-pending { font-style: italic; }
button.cite-ref { display: inline-flex; align-items: center; justify-content: center; vertical-align: middle;
  min-width: var(--bh-touch); min-height: var(--bh-touch); margin: 0 .15em; padding: 0 .3em; border-radius: 8px;
  border: 1px solid #bfdbfe; background: #eff6ff; color: var(--bh-accent); font-weight: 600; font-size: .85em;
  cursor: pointer; font-family: inherit; }
.bh-sources { display: flex; flex-direction: column; gap: .4em; }
.source-card, details.related { border-left: 4px solid #93c5fd; background: #f8fafc; border-radius: 6px;
  padding: 0 .7em; }
.source-card summary, details.related summary { min-height: var(--bh-touch); display: flex; align-items: center;
  gap: .4em; cursor: pointer; flex-wrap: wrap; padding: .2em 0; }
.source-card .cite-n { font-weight: 700; color: var(--bh-accent); }
.card-section { font-weight: 600; }
.card-para { opacity: .75; }
.card-title { font-size: .9em; opacity: .85; margin-bottom: .4em; }
.cite-section { font-weight: 600; margin: .3em 0; }
.cite-text { line-height: 1.6; overflow-wrap: anywhere; }
.passage { padding-bottom: .5em; }
details.related ul { margin: .2em 0 .6em; padding-left: 1.1em; font-size: .9em; opacity: .85; }
mark { background: #ffe08a; color: inherit; padding: 0 .1em; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .8em; }
.pair-label { font-size: .8em; opacity: .7; }
/* Gradio's prose styles give every child but the last a bottom margin: rows of buttons would not line up. */
.bh-conv button, .bh-conv details, .bh-figures button, .bh-glossary button { margin: 0 !important; }
.bh-actions { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.bh-actions button { display: inline-flex; align-items: center; gap: .35em; white-space: nowrap; }
.bh-actions button, .bh-reason, .bh-send, .g-page, .fig-close { min-height: var(--bh-touch); min-width: var(--bh-touch);
  padding: 0 .9em; border-radius: 8px; border: 1px solid var(--border-color-primary);
  background: var(--button-secondary-background-fill); cursor: pointer; font: inherit; font-size: .95em; }
.bh-actions button[aria-pressed='true'] { background: #dbeafe; border-color: var(--bh-accent); }
.bh-actions button:disabled { cursor: default; }
.bh-actions button.done { border-color: #16a34a; }
.bh-form { display: flex; flex-direction: column; gap: 8px; padding: .6em; border-radius: 8px; background: #fff7ed; }
.bh-reasons { display: flex; flex-wrap: wrap; gap: 8px; }
.bh-reason[aria-pressed='true'] { background: #fed7aa; border-color: #ea580c; }
.bh-comment { width: 100%; min-height: var(--bh-touch); font: inherit; padding: .4em; box-sizing: border-box;
  border-radius: 6px; border: 1px solid var(--border-color-primary); }
.bh-send { align-self: flex-start; background: var(--bh-accent) !important; color: #fff; }
.bh-thanks { color: #15803d; }
/* Key figures: one button per figure (label, value, bar) opening its passage under it. */
.fig-groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 1.2em; }
.fig-group h3 { margin: .2em 0 .4em; font-size: 1.05em; }
.fig-item { margin-bottom: 6px; }
.fig-open { width: 100%; min-height: var(--bh-touch); display: grid; grid-template-columns: 1fr auto; gap: 2px .6em;
  align-items: center; text-align: left; padding: .35em .6em; border-radius: 8px; cursor: pointer;
  border: 1px solid var(--border-color-primary); background: var(--background-fill-primary); font: inherit; }
.fig-open[aria-expanded='true'] { border-color: #f59e0b; }
.fig-value { font-weight: 700; white-space: nowrap; }
.fig-bar { grid-column: 1 / -1; height: 8px; background: #e5e7eb; border-radius: 4px; overflow: hidden; }
.fig-bar span { display: block; height: 100%; background: #3b82f6; }
.fig-source { border-left: 4px solid #f59e0b; padding: .4em .8em; margin: 4px 0 10px; background: #fffbeb; }
.fig-source[hidden] { display: none; }
.fig-source .pair { grid-template-columns: 1fr; }
/* Glossary: one card per entry; the list pages, it never scrolls sideways. */
.g-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 10px; }
.g-term { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .5em .7em; }
.g-names { display: flex; flex-wrap: wrap; gap: .2em .8em; align-items: baseline; }
.g-zh { font-weight: 700; font-size: 1.1em; }
.g-type { display: inline-block; font-size: .8em; background: #eef2ff; border-radius: 4px; padding: 0 .4em;
  margin-top: .2em; }
.g-note { margin: .3em 0 0; font-size: .92em; line-height: 1.5; }
.g-pager { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-top: 10px; }
@media (max-width: 800px) { .pair { grid-template-columns: 1fr; } }
@media (max-width: 600px) {
  #title h1 { font-size: 1.15em; }
  #title p { font-size: .8em; }
  .bh-question { max-width: 92%; }
}
"""

# The booth: read from two metres on a laptop screen, touched rather than typed at.
KIOSK_CSS = """
:root { --bh-touch: 56px; }
footer { display: none !important; }
.gradio-container { --text-sm: 20px; --text-md: 24px; --text-lg: 28px; --text-xl: 32px; --text-xxl: 40px;
  font-size: 24px; max-width: 100% !important; }
#title h1 { font-size: 36px; }
#title p { display: none; }
#ui-lang label { font-size: 28px; padding: 0 22px !important; }
#tabs button[role='tab'] { font-size: 28px; padding: 0 1.2em; }
.bh-question { font-size: 28px; }
.bh-turn { scroll-margin-bottom: 150px; }  /* clear of the pinned question box and the notice under it */
.bh-answer { font-size: 32px; line-height: 1.45; }
.source-card summary, .card-title, .pair-label { font-size: 24px; }
.cite-text, .cite-section { font-size: 28px; line-height: 1.45; }
#question textarea { font-size: 28px !important; line-height: 1.4; }
#ask, #new { font-size: 26px !important; }
#ask { min-width: 160px !important; }
#suggestions button, button.followup { font-size: 26px !important; min-height: 80px; padding: 12px 18px; }
.bh-actions button, .bh-reason, .bh-send, .fig-close, .g-page { font-size: 24px; }
#log-notice, #log-notice p { font-size: 22px; opacity: .9; }
.fig-open { font-size: 26px; }
.fig-groups { grid-template-columns: repeat(auto-fit, minmax(min(100%, 720px), 1fr)); }
.g-note { font-size: 24px; }
#glossary-search textarea, #glossary-search input { font-size: 26px !important; }
#glossary-search label span, #glossary-search [data-testid='block-info'] { font-size: 22px; }
"""

