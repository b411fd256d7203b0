"""Interface strings in Simplified and Traditional Chinese, Mongolian and English, and the page's language tag.

Only the interface follows this choice; an answer is always in its question's language
(the chain decides that), so a Mongolian visitor on the Chinese interface still reads Mongolian.
The words themselves are in ui/strings.py; Traditional is converted from Simplified (opencc).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from kb import langs
from kb.chain import MAX_QUESTION
from kb.langs.zh import HANS, HANT
from ui.strings import EN as _EN
from ui.strings import MN as _MN
from ui.strings import ZH as _ZH

ZH, ZH_HANT, MN, EN = "zh", "zh-Hant", "mn", "en"
DEFAULT = ZH
# (label, value) pairs for the switch: each language named in itself.
CHOICES = [("简体中文", ZH), ("繁體中文", ZH_HANT), ("Монгол", MN), ("English", EN)]
# <html lang> per interface language: picks the CJK font variant and tells screen readers what they read.
HTML_LANG = {ZH: "zh-Hans", ZH_HANT: "zh-Hant", MN: "mn", EN: "en"}
# The edition of the report's Chinese original: what a passage is when nothing says otherwise.
DEFAULT_EDITION = "zh"
# The columns of a table of interface labels (corpus/report.figures.tsv, ui/glossary_notes.tsv); Traditional reads zh.
LABEL_COLUMNS = (EN, ZH, MN)
# A Chinese figure's unit and scale as the English and Mongolian interfaces write it (美元 before 元).
FIGURE_UNITS = {
    EN: (("吨", "t"), ("列", "trains"), ("美元", "US dollars"), ("元", "yuan")),
    MN: (("吨", "тонн"), ("列", "галт тэрэг"), ("美元", "ам.доллар"), ("元", "юань")),
}
FIGURE_SCALES = {
    EN: ((Decimal(10**9), "billion"), (Decimal(10**6), "million")),
    MN: ((Decimal(10**9), "тэрбум"), (Decimal(10**6), "сая")),
}
# Accept-Language tags (lower-cased) of the Traditional script.
_TRADITIONAL_TAGS = {"zh-tw", "zh-hk", "zh-hant"}



def localise(text: str, code: str | None) -> str:
    """`text` in the script of the language `code` (Traditional for zh-Hant); unchanged for an unknown code."""
    try:
        return langs.pack(code).localise(text, code) if code else text
    except KeyError:  # a code from the browser's storage may be anything
        return text


def traditional(text: str) -> str:
    return localise(text, HANT)


STRINGS: dict[str, dict[str, str]] = {
    ZH: _ZH,
    ZH_HANT: {k: traditional(v) for k, v in _ZH.items()},
    MN: _MN,
    EN: _EN,
}


def known(ui: object) -> str:
    """`ui` if it is an interface language, else the default (a value from the browser may be anything)."""
    return ui if isinstance(ui, str) and ui in STRINGS else DEFAULT


def t(ui: str, key: str, **values: object) -> str:
    """The interface string `key` in language `ui` (Chinese if the language is unknown)."""
    text = STRINGS[known(ui)][key]
    return text.format(**values) if values else text


def for_answer(ui: str, answer_lang: str | None) -> str:
    """The language of an answer's own labels: the interface's, in the answer's Chinese script when both are Chinese.

    A question asked in Traditional on the Simplified interface gets 出處, not 出处, beside its Traditional answer.
    """
    ui = known(ui)
    if ui in (ZH, ZH_HANT) and answer_lang in (HANS, HANT):
        return ZH_HANT if answer_lang == HANT else ZH
    return ui


def ui_for_answer(lang: str) -> str:
    """The interface language closest to an answer's language (zh-Hant → zh, mn-Latn → mn)."""
    return lang.split("-")[0] if lang.split("-")[0] in STRINGS else DEFAULT


def edition_of(ui: str) -> str:
    """The edition of the report an interface language reads: 'mn', 'en', else the Chinese original 'zh'."""
    return {MN: "mn", EN: "en"}.get(known(ui), DEFAULT_EDITION)


def fallback_edition(ui: str) -> str | None:
    """The translated edition shown where the interface's own has no passage: the Mongolian, to English readers."""
    return "mn" if known(ui) == EN else None


def reads_chinese(ui: object) -> bool:
    """Whether the interface is Chinese (either script): figures are shown as the report writes them."""
    return known(ui) in (ZH, ZH_HANT)


def chinese_for(ui: object, text: str) -> str:
    """Chinese text in the interface's script: Traditional on the Traditional interface, else as written."""
    return traditional(text) if known(ui) == ZH_HANT else text


def label_columns() -> tuple[str, ...]:
    return LABEL_COLUMNS


def column(row: Mapping[str, str], ui: str) -> str:
    """The cell of a row of interface labels for `ui` ("" if empty): the Traditional interface reads zh's."""
    ui = known(ui)
    if ui == ZH_HANT:
        return traditional(row.get(ZH, ""))
    return row.get(ui, "")


def writes_notes(ui: str) -> bool:
    """Whether the interface reads the maintainers' own language (English): their notes may stand in for readers'."""
    return known(ui) == EN


def html_lang(ui: str, edition: str) -> str:
    """The lang attribute of a passage of `edition` on interface `ui`: the original shown in Traditional is zh-Hant."""
    return ZH_HANT if edition == DEFAULT_EDITION and known(ui) == ZH_HANT else edition


def title_gloss(ui: str, titles: Mapping[str, str], edition: str) -> str:
    """" (English title)" after the title of another edition, on the English interface only; else ""."""
    if known(ui) == EN and titles.get(EN) and edition != EN:
        return f" ({titles[EN]})"
    return ""


def name_titles(ui: str) -> tuple[str, str, str]:
    """The titles of a glossary entry's three names: Chinese, Mongolian in Cyrillic, Latin letters."""
    return t(ui, "zh"), t(ui, "mn_cyrl"), t(ui, "latin")


def accept_language(accept: str) -> tuple[str, bool] | None:
    """(interface language, Traditional?) of the first Accept-Language tag naming one, else None."""
    for part in accept.lower().split(","):
        code = part.split(";")[0].strip()
        if code.startswith((ZH, MN, EN)):
            return code[:2], code in _TRADITIONAL_TAGS
    return None


def question_problem(question: str) -> str:
    """Which of the chain's refusals a question hit, as a key of STRINGS (see kb.chain.validate)."""
    stripped = (question or "").strip()
    if not stripped:
        return "empty"
    if len(stripped) > MAX_QUESTION:
        return "too_long"
    return "no_words"


def polite(ui: str, question: str) -> str:
    """The message shown instead of an answer when the chain refuses the question as asked."""
    problem = question_problem(question)
    return t(ui, problem, n=len((question or "").strip()), max=MAX_QUESTION)



# The staff page (ui/staff.py): what visitors asked, for the booth team and the maintainers.
STRINGS[ZH].update({
    "staff_title": "访客问了什么 · 工作人员页面",
    "staff_intro": "根据问答记录统计：提问数量、语言、渠道、报告未涉及的问题和访客的评价。"
                   "电话号码、电子邮箱和证件号码在写入记录前已被遮盖。",
    "staff_filters": "筛选", "staff_since": "开始日期", "staff_until": "结束日期（含当天）", "staff_channel": "渠道",
    "staff_all": "全部", "staff_apply": "应用", "staff_chat": "网页问答", "staff_kiosk": "展台", "staff_api": "接口",
    "staff_questions": "提问", "staff_answered": "已回答", "staff_not_covered": "报告未涉及",
    "staff_answered_share": "回答比例", "staff_distinct": "不同的问题", "staff_up": "好评", "staff_down": "差评",
    "staff_median": "回答用时中位数", "staff_p95": "回答用时 p95", "staff_unreadable": "跳过的无法读取的记录行",
    "staff_over_time": "提问数量（按日）", "staff_over_hours": "提问数量（按小时）", "staff_by_language": "按语言",
    "staff_share": "回答比例（按语言）", "staff_by_channel": "按渠道", "staff_top": "最常问的问题",
    "staff_top_unanswered": "报告未涉及、最常问的问题", "staff_rated_down": "差评的回答", "staff_comments": "访客意见",
    "staff_count": "次数", "staff_languages": "语言", "staff_wordings": "不同问法", "staff_question": "问题",
    "staff_answer": "回答", "staff_comment": "意见", "staff_rating": "评价", "staff_time": "时间",
    "staff_csv": "下载 CSV", "staff_none": "没有记录。", "staff_period": "时间范围",
    "staff_need_token": "这是工作人员页面。请使用工作人员令牌打开（地址后加 ?token=…）。",
    "staff_loopback_only": "这是工作人员页面，只能在运行问答的电脑上打开；要从其他电脑访问，请设置 KB_STAFF_TOKEN。",
    "staff_bad_filter": "筛选条件无效：{error}",
    "staff_lang_zh-Hans": "简体中文", "staff_lang_zh-Hant": "繁体中文", "staff_lang_mn-Cyrl": "蒙古文（西里尔字母）",
    "staff_lang_mn-Latn": "蒙古文（拉丁字母）", "staff_lang_en": "英文", "staff_lang_unknown": "未知",
    "staff_lang_zh": "中文", "staff_lang_mn": "蒙古文",
})
STRINGS[MN].update({
    "staff_title": "Зочид юу асуусан бэ · Ажилтны хуудас",
    "staff_intro": "Асуулт хариултын бүртгэлээс: асуултын тоо, хэл, суваг, тайланд байхгүй асуултууд, зочдын үнэлгээ. "
                   "Утасны дугаар, цахим шуудан, бичиг баримтын дугаарыг бүртгэлд бичихээс өмнө нууцалсан.",
    "staff_filters": "Шүүлтүүр", "staff_since": "Эхлэх өдөр", "staff_until": "Дуусах өдөр (тэр өдрийг оруулаад)",
    "staff_channel": "Суваг", "staff_all": "Бүгд", "staff_apply": "Харуулах", "staff_chat": "Вэб чат",
    "staff_kiosk": "Үзэсгэлэнгийн лангуу", "staff_api": "API",
    "staff_questions": "Асуулт", "staff_answered": "Хариулсан", "staff_not_covered": "Тайланд байхгүй",
    "staff_answered_share": "Хариулсан хувь", "staff_distinct": "Ялгаатай асуулт", "staff_up": "Таалагдсан",
    "staff_down": "Таалагдаагүй", "staff_median": "Хариултын хугацааны медиан", "staff_p95": "Хариултын хугацаа p95",
    "staff_unreadable": "Уншиж чадаагүй алгассан мөр",
    "staff_over_time": "Асуултын тоо (өдрөөр)", "staff_over_hours": "Асуултын тоо (цагаар)",
    "staff_by_language": "Хэлээр", "staff_share": "Хариулсан хувь (хэлээр)", "staff_by_channel": "Сувгаар",
    "staff_top": "Хамгийн их асуусан асуултууд",
    "staff_top_unanswered": "Тайланд байхгүй, хамгийн их асуусан асуултууд",
    "staff_rated_down": "Таалагдаагүй хариултууд", "staff_comments": "Зочдын санал",
    "staff_count": "Тоо", "staff_languages": "Хэл", "staff_wordings": "Өөр хэлбэрүүд", "staff_question": "Асуулт",
    "staff_answer": "Хариулт", "staff_comment": "Санал", "staff_rating": "Үнэлгээ", "staff_time": "Цаг",
    "staff_csv": "CSV татах", "staff_none": "Бүртгэл алга.", "staff_period": "Хугацаа",
    "staff_need_token": "Энэ бол ажилтны хуудас. Ажилтны токеноор нээнэ үү (хаягийн ард ?token=…).",
    "staff_loopback_only": "Энэ бол ажилтны хуудас, зөвхөн чатыг ажиллуулж буй компьютер дээр нээгдэнэ; "
                           "өөр компьютерээс нээхийн тулд KB_STAFF_TOKEN тохируулна уу.",
    "staff_bad_filter": "Шүүлтүүр буруу байна: {error}",
    "staff_lang_zh-Hans": "Хятад (хялбаршуулсан)", "staff_lang_zh-Hant": "Хятад (уламжлалт)",
    "staff_lang_mn-Cyrl": "Монгол (кирилл)", "staff_lang_mn-Latn": "Монгол (латин үсгээр)", "staff_lang_en": "Англи",
    "staff_lang_unknown": "Тодорхойгүй", "staff_lang_zh": "Хятад", "staff_lang_mn": "Монгол",
})
STRINGS[EN].update({
    "staff_title": "What visitors asked · Staff page",
    "staff_intro": "From the question log: how many questions, in which languages and channels, what the report does "
                   "not cover, and what visitors thought of the answers. Phone numbers, e-mail addresses and ID "
                   "numbers were masked before anything was written.",
    "staff_filters": "Filter", "staff_since": "From", "staff_until": "To (that day included)",
    "staff_channel": "Channel",
    "staff_all": "All", "staff_apply": "Show", "staff_chat": "Web chat", "staff_kiosk": "Booth", "staff_api": "API",
    "staff_questions": "Questions", "staff_answered": "Answered", "staff_not_covered": "Not covered",
    "staff_answered_share": "Answered share", "staff_distinct": "Distinct questions", "staff_up": "Rated up",
    "staff_down": "Rated down", "staff_median": "Median answer time", "staff_p95": "Answer time p95",
    "staff_unreadable": "Unreadable log lines skipped",
    "staff_over_time": "Questions per day", "staff_over_hours": "Questions per hour",
    "staff_by_language": "By language",
    "staff_share": "Answered share by language", "staff_by_channel": "By channel", "staff_top": "Most asked questions",
    "staff_top_unanswered": "Most asked questions the report does not cover", "staff_rated_down": "Answers rated down",
    "staff_comments": "Visitors' comments",
    "staff_count": "Count", "staff_languages": "Languages", "staff_wordings": "Wordings", "staff_question": "Question",
    "staff_answer": "Answer", "staff_comment": "Comment", "staff_rating": "Rating", "staff_time": "Time",
    "staff_csv": "Download CSV", "staff_none": "Nothing recorded.", "staff_period": "Period",
    "staff_need_token": "This is the staff page. Open it with the staff token (add ?token=… to the address).",
    "staff_loopback_only": "This is the staff page: it opens on the computer running the chat only. Set "
                           "KB_STAFF_TOKEN to open it from another computer.",
    "staff_bad_filter": "That filter cannot be used: {error}",
    "staff_lang_zh-Hans": "Chinese (Simplified)", "staff_lang_zh-Hant": "Chinese (Traditional)",
    "staff_lang_mn-Cyrl": "Mongolian (Cyrillic)", "staff_lang_mn-Latn": "Mongolian (Latin letters)",
    "staff_lang_en": "English", "staff_lang_unknown": "Unknown", "staff_lang_zh": "Chinese",
    "staff_lang_mn": "Mongolian",
})
# Traditional follows Simplified, the staff page's words included.
STRINGS[ZH_HANT] = {k: traditional(v) for k, v in STRINGS[ZH].items()}
