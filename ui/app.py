"""The Gradio app: the chat for investors and, with kiosk=True, the booth mode for trade-fair staff.

Layout and wiring only; answering and feedback are in ui/chat.py, HTML in ui/render.py, its
buttons' script in ui/scripts.py, strings in ui/i18n.py, the key figures in ui/figures.py, the
glossary in ui/glossary.py.
"""

from __future__ import annotations

import logging

import gradio as gr

from kb.chain import Bridgehead
from kb.ingest.editions import load_alignment
from kb.live import LiveBridgehead
from kb.reports import load_specs
from kb.retention import start_retention
from kb.settings import Settings
from ui import scripts
from ui.chat import Chat, clean_session, followup_updates, new_session, note
from ui.figures import figures_html, find_figures, load_spec, passages_from_index, translations
from ui.glossary import glossary_html, load_notes
from ui.i18n import CHOICES, DEFAULT, known, t
from ui.logs import ChatLog, FeedbackLog
from ui.server import serve
from ui.sources import Sources
from ui.staff import staff_routes
from ui.style import CSS, KIOSK_CSS, THEME
from ui.suggest import FOLLOWUPS, Suggester

logger = logging.getLogger(__name__)
TITLE = "Bridgehead · 北方桥头堡问答"
# gr.BrowserState encrypts what it keeps with a key it sends to the page: it guards nothing from the
# visitor whose conversation it is, and a fixed key lets a conversation survive a server restart.
STORAGE_SECRET = "bridgehead-conversation-v1"

__all__ = ["CSS", "THEME", "ChatLog", "FeedbackLog", "build_app", "launch", "launch_options"]


def _header(ui: str) -> str:
    return f"# {t(ui, 'title')}\n{t(ui, 'subtitle')}"


def _counter(ui: str) -> str:
    return f"<span class='bh-counter' data-fmt='{t(ui, 'counter', n='{n}', max='{max}')}' hidden></span>"


def _figures(bot: Bridgehead) -> tuple[list, dict]:
    try:
        figures = find_figures(load_spec(), passages_from_index(bot.store), strict=False)
    except Exception:  # the chat must start even if the figures view cannot be built
        logger.exception("the key figures could not be read from the index")
        return [], {}
    try:
        spec = load_specs(bot.settings.corpus_dir)[0]
        alignment, editions = load_alignment(spec), spec.translations
    except Exception:
        logger.exception("the report spec or alignment could not be read: figures show their original passage only")
        return figures, {}
    return figures, {edition: translations(figures, bot.index, alignment, edition) for edition in editions}


def build_app(bot: Bridgehead, log: ChatLog | None = None, *, feedback: FeedbackLog | None = None,
              kiosk: bool = False) -> gr.Blocks:
    """The app for `bot`; questions go to `log`, ratings and comments to `feedback`.

    kiosk=True is the booth: full width, large type, suggested questions as big buttons, no
    comment box and nothing kept in the browser (the idle reset is page script: see launch_options).
    """
    suggester = Suggester(bot)
    chat = Chat(bot, log, feedback, suggester, Sources(bot.settings.corpus_dir), channel="kiosk" if kiosk else "chat")
    figures, translated = _figures(bot)
    terms, notes = bot.glossary.terms, load_notes()
    hidden = {"show_progress": "hidden", "api_visibility": "private"}

    with gr.Blocks(title=TITLE, fill_width=kiosk) as app:
        if kiosk:  # the next visitor must find nothing of this one: the page alone holds the conversation
            session, stored_ui = gr.State(new_session()), gr.State(DEFAULT)
        else:
            session = gr.BrowserState(new_session(), storage_key="bridgehead-conversation", secret=STORAGE_SECRET)
            stored_ui = gr.BrowserState(DEFAULT, storage_key="bridgehead-language", secret=STORAGE_SECRET)
        with gr.Row(equal_height=False, elem_id="header"):
            header = gr.Markdown(_header(DEFAULT), elem_id="title")
            lang = gr.Radio(CHOICES, value=DEFAULT, label=t(DEFAULT, "lang"), show_label=False, elem_id="ui-lang",
                            scale=0, min_width=300, container=False)
        with gr.Tabs(elem_id="tabs", overflow_behavior="wrap"):
            with gr.Tab(t(DEFAULT, "tab_chat"), id="chat", elem_id="tab-chat") as tab_chat:
                conv = gr.HTML(chat.view(new_session(), DEFAULT), elem_id="chat", js_on_load=scripts.CONVERSATION)
                with gr.Row(visible=False, elem_id="followups") as fu_row:
                    fu_label = gr.Markdown(f"**{t(DEFAULT, 'followups')}**", elem_id="followups-label")
                    fu_buttons = [gr.Button("", visible=False, elem_classes=["followup"], elem_id=f"followup-{i}")
                                  for i in range(FOLLOWUPS)]
                new = gr.Button(t(DEFAULT, "new"), visible=False, elem_id="new", size="md")
                with gr.Column(elem_id="composer"):
                    with gr.Row(elem_id="composer-row"):
                        box = gr.Textbox(placeholder=t(DEFAULT, "box"), show_label=False, elem_id="question", lines=1,
                                         max_lines=4, scale=5, container=False)
                        ask = gr.Button(t(DEFAULT, "ask"), variant="primary", elem_id="ask", scale=0)
                    counter = gr.HTML(_counter(DEFAULT), elem_id="counter", js_on_load=scripts.COUNTER)
                    note_line = gr.Markdown("", elem_id="ask-note", visible=False)
                    notice_in = gr.Markdown(t(DEFAULT, "log_notice"), elem_id="log-notice", visible=kiosk)
                hint = "kiosk_hint" if kiosk else "suggestions"
                with gr.Column(elem_id="suggestions-block") as sugg_col:
                    sugg_label = gr.Markdown(f"**{t(DEFAULT, hint)}**")
                    with gr.Row(elem_id="suggestions"):
                        sugg_buttons = [gr.Button(q, size="lg", elem_id=f"suggestion-{i}")
                                        for i, q in enumerate(suggester.suggestions(DEFAULT))]
                notice_out = gr.Markdown(t(DEFAULT, "log_notice"), elem_id="log-notice-page", visible=not kiosk)
            with gr.Tab(t(DEFAULT, "tab_figures"), id="figures", elem_id="tab-figures") as tab_figures:
                fig_view = gr.HTML(figures_html(figures, DEFAULT, translated, kiosk), elem_id="figures",
                                   js_on_load=scripts.FIGURES)
            with gr.Tab(t(DEFAULT, "tab_glossary"), id="glossary", elem_id="tab-glossary") as tab_glossary:
                g_box = gr.Textbox(label=t(DEFAULT, "glossary_search"), placeholder=t(DEFAULT, "glossary_box"),
                                   elem_id="glossary-search")
                g_view = gr.HTML(glossary_html(terms, "", DEFAULT, 0, notes), elem_id="glossary",
                                 js_on_load=scripts.GLOSSARY)

        answer_outputs = [box, conv, session, note_line, sugg_col, fu_row, new, *fu_buttons]
        for trigger in (ask.click, box.submit):
            trigger(chat.respond, [box, session, lang], answer_outputs, **hidden)
        for button in [*sugg_buttons, *fu_buttons]:
            button.click(chat.respond, [button, session, lang], answer_outputs, **hidden)
        new.click(lambda ui: (new_session(), chat.view(new_session(), ui), note(), *followup_updates([], False)),
                  [lang], [session, conv, note_line, sugg_col, fu_row, new, *fu_buttons], **hidden)
        conv.feedback(chat.on_feedback, [session, lang], [conv, session], **hidden)
        g_box.change(lambda q, ui: glossary_html(terms, q, ui, 0, notes), [g_box, lang], [g_view], **hidden)
        def go_page(query: str, ui: str, event: gr.EventData) -> str:
            page = (getattr(event, "_data", None) or {}).get("page", 0)
            return glossary_html(terms, query, ui, page if isinstance(page, int) else 0, notes)

        g_view.go_page(go_page, [g_box, lang], [g_view], **hidden)

        def restore(saved: object, ui: object) -> list:
            """A reload: the conversation the browser kept, in the language it was read in.

            The language is set only if one was chosen: setting it anyway could undo a choice made
            while this was on its way (seen on a busy machine).
            """
            saved, ui = clean_session(saved), known(ui)
            turns = saved["turns"]
            nexts = (turns[-1].get("next") or []) if turns else []
            return [saved, chat.view(saved, ui), ui if ui != DEFAULT else gr.skip(),
                    *followup_updates(list(nexts), bool(turns))]

        ready = "() => { window.bhReady = true; }"  # the page is as restored: what a test waits for
        if kiosk:
            app.load(None, None, None, js=ready)
        else:
            app.load(restore, [session, stored_ui], [session, conv, lang, sugg_col, fu_row, new, *fu_buttons],
                     **hidden).then(None, None, None, js=ready)

        def relabel(ui: str, saved: object, query: str) -> list:
            ui = known(ui)
            return [
                ui, _header(ui), gr.update(label=t(ui, "lang")), gr.update(placeholder=t(ui, "box")),
                gr.update(value=t(ui, "ask")), gr.update(value=t(ui, "new")), f"**{t(ui, hint)}**",
                f"**{t(ui, 'followups')}**",
                *[gr.update(value=q) for q in suggester.suggestions(ui)],
                gr.update(label=t(ui, "tab_chat")), gr.update(label=t(ui, "tab_figures")),
                gr.update(label=t(ui, "tab_glossary")), chat.view(clean_session(saved), ui), _counter(ui), note(),
                t(ui, "log_notice"), t(ui, "log_notice"), figures_html(figures, ui, translated, kiosk),
                gr.update(label=t(ui, "glossary_search"), placeholder=t(ui, "glossary_box")),
                glossary_html(terms, query, ui, 0, notes),
            ]

        relabelled = [stored_ui, header, lang, box, ask, new, sugg_label, fu_label, *sugg_buttons, tab_chat,
                      tab_figures, tab_glossary, conv, counter, note_line, notice_in, notice_out, fig_view, g_box,
                      g_view]
        lang.change(relabel, [lang, session, g_box], relabelled, **hidden)
        lang.change(None, [lang], None, js=scripts.set_lang_js())
        gr.api(chat.answer_json, api_name="chat")
    return app


def launch_options(kiosk: bool = False, idle_seconds: int = 180) -> dict:
    """Theme, CSS and page script for Blocks.launch (Gradio 6 takes them there, not in Blocks).

    Gradio's run history must be off too (ui/server.py turns it off for `kb serve`): it keeps every
    call in the browser, for the booth's next visitor to find.
    """
    if not kiosk:
        return {"theme": THEME, "css": CSS, "js": scripts.page_js()}
    return {"theme": THEME, "css": CSS + KIOSK_CSS, "js": scripts.page_js(idle_seconds)}


def launch(settings: Settings, kiosk: bool = False) -> None:
    """Serve the chat (or the booth) on settings.host:settings.port until interrupted."""
    start_retention(settings)  # KB_LOG_DAYS, checked before the model loads
    bot = LiveBridgehead(Bridgehead(settings, pin=True)).start()
    logs = settings.data_dir / "logs"
    chat_log = ChatLog(logs / "chat.jsonl")
    app = build_app(bot, chat_log, feedback=FeedbackLog(logs / "feedback.jsonl"), kiosk=kiosk)
    # ui/server.py: one port for the page, the REST API and /staff, behind the Host check and security headers.
    serve(app.queue(default_concurrency_limit=4), bot, chat_log, settings, kiosk=kiosk,
          routes=[] if kiosk else staff_routes(settings, bot),  # the booth never serves /staff
          footer_links=[] if kiosk else ["api"], show_error=False, **launch_options(kiosk, settings.kiosk_idle_seconds))
