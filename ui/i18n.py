"""Interface strings in Chinese, Mongolian and English: labels, placeholders, buttons and messages.

Only the interface follows this choice; an answer is always in its question's language
(the chain decides that), so a Mongolian visitor on the Chinese interface still reads Mongolian.
"""

from __future__ import annotations

from kb.chain import MAX_QUESTION

ZH, MN, EN = "zh", "mn", "en"
DEFAULT = ZH
# (label, value) pairs for the switch: each language named in itself.
CHOICES = [("中文", ZH), ("Монгол", MN), ("English", EN)]

STRINGS: dict[str, dict[str, str]] = {
    ZH: {
        "title": "Bridgehead · 北方桥头堡问答",
        "subtitle": "锡林郭勒盟向北开放桥头堡报告问答：每个回答都摘自报告原文，并标注出处。",
        "lang": "界面语言",
        "chat": "对话",
        "chat_placeholder": "请用中文或蒙古文提问，回答来自报告原文。",
        "box": "输入问题，例如：二连浩特口岸货运量是多少？",
        "ask": "提问",
        "new": "新的对话",
        "suggestions": "可以这样问",
        "followups": "接着问",
        "comment": "意见（可选）",
        "comment_box": "这个回答有什么问题？写下来帮助我们改进。",
        "send": "提交意见",
        "thanks": "谢谢！您的反馈已记录。",
        "nothing_to_rate": "请先提一个问题。",
        "tab_chat": "问答",
        "tab_figures": "关键数字",
        "tab_glossary": "术语表",
        "sources": "出处",
        "original": "中文原文",
        "translation": "蒙古文译文（非官方）",
        "empty": "请输入一个问题。",
        "too_long": "问题太长了（{n}个字符），请缩短到{max}个字符以内。",
        "no_words": "没有看到文字，请用文字提问，例如：中欧班列出境多少列？",
        "failed": "抱歉，出了点问题，请再试一次。",
        "en_hint": "",
        "figures_intro": "报告中的主要数字，全部从报告原文中读取。点击数字查看它所在的段落。",
        "figure": "指标",
        "value": "数值",
        "section": "章节",
        "freight": "口岸进出口货运量（1–11月）",
        "trains": "中欧班列（1–11月）",
        "money": "贸易与投资",
        "glossary_search": "搜索术语",
        "glossary_box": "中文、西里尔蒙古文或拉丁字母，例如：二连浩特、Эрээн、Zamyn-Uud",
        "glossary_count": "共{n}条，显示{shown}条",
        "type": "类型",
        "zh": "中文",
        "mn_cyrl": "蒙古文",
        "latin": "拉丁字母",
        "note": "说明",
        "kiosk_hint": "点击下面的问题，或输入您自己的问题。",
    },
    MN: {
        "title": "Bridgehead · Хойд гүүрэн гарцын асуулт хариулт",
        "subtitle": "Шилийн гол аймгийн хойд зүгт нээлттэй гүүрэн гарцын тайлангаас асуугаарай: "
                    "хариулт бүр тайлангийн эх бичвэрээс авсан бөгөөд эх сурвалжаа заана.",
        "lang": "Хэл",
        "chat": "Яриа",
        "chat_placeholder": "Монгол эсвэл хятад хэлээр асуугаарай; хариулт тайлангийн эх бичвэрээс гарна.",
        "box": "Асуултаа бичнэ үү, жишээ нь: Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?",
        "ask": "Асуух",
        "new": "Шинэ яриа",
        "suggestions": "Жишээ асуултууд",
        "followups": "Үргэлжлүүлэн асуух",
        "comment": "Санал (заавал биш)",
        "comment_box": "Энэ хариултад юу дутуу байна вэ? Бичиж үлдээгээрэй.",
        "send": "Санал илгээх",
        "thanks": "Баярлалаа! Таны санал бүртгэгдлээ.",
        "nothing_to_rate": "Эхлээд асуулт асуугаарай.",
        "tab_chat": "Асуулт хариулт",
        "tab_figures": "Гол тоо баримт",
        "tab_glossary": "Нэр томьёо",
        "sources": "Эх сурвалж",
        "original": "Хятад эх",
        "translation": "Монгол орчуулга (албан бус)",
        "empty": "Асуултаа бичнэ үү.",
        "too_long": "Асуулт хэтэрхий урт байна ({n} тэмдэгт). {max} тэмдэгтэд багтаан асууна уу.",
        "no_words": "Асуултаа үгээр бичнэ үү, жишээ нь: Эрээн боомтын ачаа тээврийн хэмжээ хэд вэ?",
        "failed": "Уучлаарай, алдаа гарлаа. Дахин оролдоно уу.",
        "en_hint": "",
        "figures_intro": "Тайлангийн гол тоо баримт, бүгдийг тайлангийн эх бичвэрээс уншсан. "
                         "Тоон дээр дарж эх догол мөрийг харна уу.",
        "figure": "Үзүүлэлт",
        "value": "Тоо",
        "section": "Бүлэг",
        "freight": "Боомтын ачаа тээвэр (1–11 сар)",
        "trains": "Хятад-Европын ачааны галт тэрэг (1–11 сар)",
        "money": "Худалдаа ба хөрөнгө оруулалт",
        "glossary_search": "Нэр томьёо хайх",
        "glossary_box": "Хятад, кирилл эсвэл латин үсгээр, жишээ нь: Эрээн, 二连浩特, Zamyn-Uud",
        "glossary_count": "Нийт {n}, харуулж буй {shown}",
        "type": "Төрөл",
        "zh": "Хятад",
        "mn_cyrl": "Монгол",
        "latin": "Латин",
        "note": "Тайлбар",
        "kiosk_hint": "Доорх асуултуудаас сонгох эсвэл өөрийн асуултаа бичээрэй.",
    },
    EN: {
        "title": "Bridgehead · Northern Bridgehead Q&A",
        "subtitle": "Questions about Xilingol League's northern-bridgehead report: every answer is the report's "
                    "own sentence, with its source.",
        "lang": "Interface language",
        "chat": "Conversation",
        "chat_placeholder": "The report is in Chinese, with an unofficial Mongolian translation: ask in Chinese or "
                            "Mongolian.",
        "box": "Type a question in Chinese or Mongolian, e.g. 二连浩特口岸货运量是多少？",
        "ask": "Ask",
        "new": "New conversation",
        "suggestions": "Try asking",
        "followups": "Ask next",
        "comment": "Comment (optional)",
        "comment_box": "What was wrong with this answer? Tell us so we can improve it.",
        "send": "Send comment",
        "thanks": "Thank you! Your feedback has been recorded.",
        "nothing_to_rate": "Ask a question first.",
        "tab_chat": "Ask",
        "tab_figures": "Key figures",
        "tab_glossary": "Glossary",
        "sources": "Sources",
        "original": "Chinese original",
        "translation": "Mongolian translation (unofficial)",
        "empty": "Please type a question.",
        "too_long": "That question is {n} characters long; please keep it under {max}.",
        "no_words": "There are no words in that question; please ask in words, e.g. 中欧班列出境多少列？",
        "failed": "Sorry, something went wrong. Please try again.",
        "en_hint": "Questions in English are not understood yet: the report is in Chinese and Mongolian.",
        "figures_intro": "The report's headline numbers, each read from the report's text. Click a number to see "
                         "its passage.",
        "figure": "Figure",
        "value": "Value",
        "section": "Section",
        "freight": "Port freight, imports and exports (Jan–Nov)",
        "trains": "China-Europe trains (Jan–Nov)",
        "money": "Trade and investment",
        "glossary_search": "Search the glossary",
        "glossary_box": "Chinese, Cyrillic or Latin letters, e.g. Erenhot, Эрээн, 二连浩特",
        "glossary_count": "{n} entries, {shown} shown",
        "type": "Type",
        "zh": "Chinese",
        "mn_cyrl": "Mongolian",
        "latin": "Latin",
        "note": "Note",
        "kiosk_hint": "Touch a question below, or type your own.",
    },
}


def t(ui: str, key: str, **values: object) -> str:
    """The interface string `key` in language `ui` (Chinese if the language is unknown)."""
    text = STRINGS.get(ui, STRINGS[DEFAULT])[key]
    return text.format(**values) if values else text


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


def ui_for_answer(lang: str) -> str:
    """The interface language closest to an answer's language (zh-Hant → zh, mn-Latn → mn)."""
    return lang.split("-")[0] if lang.split("-")[0] in STRINGS else DEFAULT


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
