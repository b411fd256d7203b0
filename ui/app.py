"""The Gradio app: the chat for investors and, with kiosk=True, the booth mode for trade-fair staff.

Layout and wiring only; answering and feedback are in ui/chat.py, HTML in ui/render.py,
strings in ui/i18n.py, the key figures in ui/figures.py, the glossary in ui/glossary.py.
"""

from __future__ import annotations

import logging

import gradio as gr

from kb.chain import Bridgehead
from kb.live import LiveBridgehead
from kb.retention import start_retention
from kb.settings import Settings
from ui.chat import Chat, followup_updates, new_session
from ui.figures import figures_html, find_figures, load_spec, passages_from_index
from ui.glossary import glossary_html
from ui.i18n import CHOICES, DEFAULT, t
from ui.logs import ChatLog, FeedbackLog
from ui.render import render
from ui.server import serve
from ui.staff import staff_routes
from ui.style import CSS, KIOSK_CSS, THEME, idle_reset_js
from ui.suggest import FOLLOWUPS, Suggester

logger = logging.getLogger(__name__)
TITLE = "Bridgehead · 北方桥头堡问答"
SUGGESTIONS = 4

__all__ = ["CSS", "THEME", "ChatLog", "FeedbackLog", "build_app", "launch", "launch_options", "render"]


def _header(ui: str) -> str:
    return f"# {t(ui, 'title')}\n{t(ui, 'subtitle')}"


def build_app(bot: Bridgehead, log: ChatLog | None = None, *, feedback: FeedbackLog | None = None,
              kiosk: bool = False, delay: float = 0.02) -> gr.Blocks:
    """The app for `bot`; questions go to `log`, ratings and comments to `feedback`.

    kiosk=True is the booth: full width, large type, suggested questions as big buttons and
    no comment box (the idle reset is page script: see launch_options).
    """
    suggester = Suggester(bot)
    chat = Chat(bot, log, feedback, suggester, channel="kiosk" if kiosk else "chat", delay=delay)
    try:
        figures = find_figures(load_spec(), passages_from_index(bot.store), strict=False)
    except Exception:  # the chat must start even if the figures view cannot be built
        logger.exception("the key figures could not be read from the index")
        figures = []
    terms = bot.glossary.terms

    with gr.Blocks(title=TITLE, fill_width=kiosk, fill_height=kiosk) as app:
        session = gr.State(new_session())
        with gr.Row(equal_height=False):
            header = gr.Markdown(_header(DEFAULT), elem_id="title")
            lang = gr.Radio(CHOICES, value=DEFAULT, label=t(DEFAULT, "lang"), elem_id="ui-lang", scale=0,
                            min_width=380)
        with gr.Tabs(elem_id="tabs"):
            with gr.Tab(t(DEFAULT, "tab_chat"), id="chat", elem_id="tab-chat") as tab_chat:
                chatbot = gr.Chatbot(
                    label=t(DEFAULT, "chat"), elem_id="chat", height="42vh" if kiosk else 520,
                    placeholder=t(DEFAULT, "chat_placeholder"), sanitize_html=True,
                    feedback_options=("Like", "Dislike"), buttons=[] if kiosk else ["copy"],
                )
                with gr.Row(visible=False, elem_id="followups") as fu_row:
                    fu_label = gr.Markdown(f"**{t(DEFAULT, 'followups')}**", elem_id="followups-label")
                    fu_buttons = [gr.Button("", size="sm", visible=False, elem_classes=["followup"],
                                            elem_id=f"followup-{i}") for i in range(FOLLOWUPS)]
                with gr.Row():
                    box = gr.Textbox(placeholder=t(DEFAULT, "box"), show_label=False, scale=5, elem_id="question",
                                     lines=1, max_lines=4)
                    ask = gr.Button(t(DEFAULT, "ask"), variant="primary", scale=1, elem_id="ask")
                    new = gr.Button(t(DEFAULT, "new"), scale=1, elem_id="new", min_width=200 if kiosk else 120)
                sugg_label = gr.Markdown(f"**{t(DEFAULT, 'kiosk_hint' if kiosk else 'suggestions')}**")
                with gr.Row(elem_id="suggestions"):
                    sugg_buttons = [gr.Button(q, size="lg" if kiosk else "sm", elem_id=f"suggestion-{i}")
                                    for i, q in enumerate(suggester.suggestions(DEFAULT, SUGGESTIONS))]
                comment = send = None
                if not kiosk:  # the booth takes thumbs only: no keyboard typing left for the next visitor to read
                    with gr.Row():
                        comment = gr.Textbox(label=t(DEFAULT, "comment"), placeholder=t(DEFAULT, "comment_box"),
                                             scale=5, elem_id="comment", lines=1)
                        send = gr.Button(t(DEFAULT, "send"), scale=1, elem_id="send-comment")
                note = gr.Markdown("", elem_id="feedback-note")
            with gr.Tab(t(DEFAULT, "tab_figures"), id="figures", elem_id="tab-figures") as tab_figures:
                fig_view = gr.HTML(figures_html(figures, DEFAULT), elem_id="figures", js_on_load=None)
            with gr.Tab(t(DEFAULT, "tab_glossary"), id="glossary", elem_id="tab-glossary") as tab_glossary:
                g_box = gr.Textbox(label=t(DEFAULT, "glossary_search"), placeholder=t(DEFAULT, "glossary_box"),
                                   elem_id="glossary-search")
                g_view = gr.HTML(glossary_html(terms, "", DEFAULT), elem_id="glossary", js_on_load=None)

        answer_outputs = [box, chatbot, session, fu_row, *fu_buttons]
        for trigger in (ask.click, box.submit):
            trigger(chat.respond, [box, session, lang], answer_outputs, api_visibility="private")
        for button in [*sugg_buttons, *fu_buttons]:
            button.click(chat.respond, [button, session, lang], answer_outputs, api_visibility="private")
        new.click(lambda: ("", [], new_session(), "", *followup_updates([])), None,
                  [box, chatbot, session, note, fu_row, *fu_buttons], api_visibility="private")
        # The chatbot's own clear button empties the screen: the conversation the chain reads goes with it.
        chatbot.clear(lambda: (new_session(), "", *followup_updates([])), None, [session, note, fu_row, *fu_buttons],
                      api_visibility="private")
        chatbot.like(chat.on_like, [session, lang], [note], api_visibility="private")
        if comment is not None and send is not None:
            for trigger in (send.click, comment.submit):
                trigger(chat.on_comment, [comment, session, lang], [comment, note], api_visibility="private")
        g_box.change(lambda q, ui: glossary_html(terms, q, ui), [g_box, lang], [g_view], api_visibility="private")

        def relabel(ui: str, query: str) -> list:
            hint = "kiosk_hint" if kiosk else "suggestions"
            out = [
                _header(ui), gr.update(label=t(ui, "lang")),
                gr.update(label=t(ui, "chat"), placeholder=t(ui, "chat_placeholder")),
                gr.update(placeholder=t(ui, "box")), gr.update(value=t(ui, "ask")), gr.update(value=t(ui, "new")),
                f"**{t(ui, hint)}**", f"**{t(ui, 'followups')}**",
                *[gr.update(value=q) for q in suggester.suggestions(ui, SUGGESTIONS)],
                gr.update(label=t(ui, "tab_chat")), gr.update(label=t(ui, "tab_figures")),
                gr.update(label=t(ui, "tab_glossary")), figures_html(figures, ui),
                gr.update(label=t(ui, "glossary_search"), placeholder=t(ui, "glossary_box")),
                glossary_html(terms, query, ui),
            ]
            if comment is not None:
                out += [gr.update(label=t(ui, "comment"), placeholder=t(ui, "comment_box")),
                        gr.update(value=t(ui, "send"))]
            return out

        relabelled = [header, lang, chatbot, box, ask, new, sugg_label, fu_label, *sugg_buttons, tab_chat, tab_figures,
                      tab_glossary, fig_view, g_box, g_view] + ([comment, send] if comment is not None else [])
        lang.change(relabel, [lang, g_box], relabelled, api_visibility="private")
        gr.api(chat.answer_json, api_name="chat")
    return app


def launch_options(kiosk: bool = False, idle_seconds: int = 180) -> dict:
    """Theme, CSS and page script for Blocks.launch (Gradio 6 takes them there, not in Blocks)."""
    if not kiosk:
        return {"theme": THEME, "css": CSS}
    return {"theme": THEME, "css": CSS + KIOSK_CSS, "js": idle_reset_js(idle_seconds)}


def launch(settings: Settings, kiosk: bool = False) -> None:
    """Serve the chat (or the booth) on settings.host:settings.port until interrupted."""
    start_retention(settings)  # KB_LOG_DAYS, checked before the model loads
    bot = LiveBridgehead(Bridgehead(settings)).start()
    logs = settings.data_dir / "logs"
    chat_log = ChatLog(logs / "chat.jsonl")
    app = build_app(bot, chat_log, feedback=FeedbackLog(logs / "feedback.jsonl"), kiosk=kiosk)
    # ui/server.py: one port for the page, the REST API and /staff, behind the Host check and security headers.
    serve(app.queue(default_concurrency_limit=4), bot, chat_log, settings, kiosk=kiosk,
          routes=[] if kiosk else staff_routes(settings, bot),  # the booth never serves /staff
          footer_links=[] if kiosk else ["api"], show_error=False, **launch_options(kiosk, settings.kiosk_idle_seconds))
