"""Chinese, Simplified and Traditional: the report's own language; the index reads Simplified."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from kb.langs.base import ACRONYM, HAN, Kind, Pack, Reading, Scripts, UnitRule, Unknown, normal

if TYPE_CHECKING:
    from kb.langs.mn_translit import Transliterator
    from kb.retrieval.lexical import LexicalScorer

HANS, HANT = "zh-Hans", "zh-Hant"

_DATE = r"\d{4}年(?:\d{1,2}月)?|\d{1,2}月\d{1,2}日"
# What a question asks for, by its words, and the figure that answers it.
KINDS = (
    Kind("trains", re.compile(r"多少列|几列|班列.*(多少|几)|开行.*(多少|几)"), r"\d+列"),
    Kind("tonnes", re.compile(r"多少吨|货运量|重量"), r"\d+(?:\.\d+)?万?吨|\d+(?:\.\d+)?KG"),
    Kind("percent", re.compile(r"增长|增速|增幅|百分|比例|完成率|同比"), r"\d+(?:\.\d+)?%|\d+倍"),
    Kind("money", re.compile(r"金额|资金|投资|交易额|总额|多少钱|多少元|外资|协议额"),
         r"\d+(?:\.\d+)?(?:亿|万)?(?:美元|元)"),
    Kind("people", re.compile(r"多少人|多少名|几名|学生|学员|人次|一行"), r"\d+(?:\.\d+)?万?(?:名|人)"),
    Kind("companies", re.compile(r"多少家|几家|企业数"), r"\d+家"),
    Kind("vehicles", re.compile(r"多少辆|几辆"), r"\d+辆"),
    Kind("items", re.compile(r"多少个|几个|多少项|几项"), r"\d+(?:个|项)"),
    Kind("distance", re.compile(r"多长|多少公里|几公里|里程"), r"\d+(?:\.\d+)?公里"),
    Kind("date", re.compile(r"何时|什么时候|哪天|哪一天|哪年|哪一年|日期|几月|哪个月|时间"), _DATE),
    Kind("rank", re.compile(r"第几|排名|位列|名次"), r"第\d+"),
)
# "多少万吨…?" asks for a figure in a unit: a sentence with no figure in that unit (or one it converts
# to) does not answer it, even when it is about the right thing ("出境多少标准箱" vs a count of trains).
# Counters that many things share (个, 人) are left out: answers say 名, 批次, 项 for them.
# The countries a question of "which country" is answered by (the report's, and its neighbours').
_COUNTRIES = r"蒙古|俄罗斯|白俄罗斯|德国|波兰|哈萨克斯坦|老挝|日本|韩国|美国"
UNITS = (
    UnitRule(re.compile(r"(?:多少|几多|几)(?:万|亿)?吨"), re.compile(r"吨")),
    UnitRule(re.compile(r"(?:多少|几多|几)(?:亿|万|千)?(?:元|块)|(?:多少|几多|几)钱"), re.compile(r"元")),
    UnitRule(re.compile(r"(?:多少|几)(?:万)?标准箱"), re.compile(r"标准箱|TEU", re.I)),
    UnitRule(re.compile(r"(?:多少|几)(?:万)?人次"), re.compile(r"人次")),
    # People, not visits: a count of 人次 (entries) says nothing of how many people made them.
    UnitRule(re.compile(r"(?:多少|几多|几)(?:个)?人(?!次|口|民)|人数"),
             re.compile(r"\d+\s*(?:余|多)?\s*(?:名|人(?!次)|位)")),
    UnitRule(re.compile(r"平方公里|平方千米|多少亩|几亩|多少公顷"), re.compile(r"平方公里|平方千米|亩|公顷")),
    UnitRule(re.compile(r"(?:多少|几)(?:公里|千米)|多长|长度|全长|有多远"), re.compile(r"公里|千米|米")),
    # A value of trade is in yuan: a port's freight in tonnes is not its 进出口总额.
    UnitRule(re.compile(r"总额|贸易额|交易额|成交额|货值|总值"), re.compile(r"元")),
    # A rate asked ("每天") is not answered by a total: the report gives a few, each as a rate.
    UnitRule(re.compile(r"每天|每日|(?<!哪)一天|日均|每周|每个?月"),
             re.compile(r"每天|每日|一天|日均|每周|每个?月|天")),
    UnitRule(re.compile(r"每年|(?<![哪第])一年(?:开|有|能|大概|平均)|年均"), re.compile(r"每年|年均|全年")),
    UnitRule.naming(re.compile(r"周末|节假日|假期")),
    UnitRule(re.compile(r"(?:多少|几)(?:架次)"), re.compile(r"架次")),
    # Counted, not named: "车辆" and "班列" hold the unit's character without a count (users2).
    UnitRule(re.compile(r"(?:多少|几)辆"), re.compile(r"\d+(?:\.\d+)?万?辆")),
    UnitRule(re.compile(r"(?:多少|几)列"), re.compile(r"\d+列")),
    # 条 and 个 count the same things ("多少条招商线索" is answered by "招商线索1700余个").
    UnitRule(re.compile(r"(?:多少|几)条"), re.compile(r"\d+[余多]?[条个项]")),
    UnitRule(re.compile(r"投资(?:额|总额)?(?:了|是|为|有)?多少|多少投资"), re.compile(r"元")),
    UnitRule.naming(re.compile(r"人口|常住")),
    # Kinds of answer the sentence must hold, whatever the topic: a day (not the year it was in), a month,
    # a price or fee (the report states none), a duration, the names in a list (not how many there are).
    UnitRule(re.compile(r"哪一?天|几号|几月几[日号]|具体(?:日期|时间)|什么日子|哪个日子"),
             re.compile(r"\d{1,2}月\d{1,2}日")),
    UnitRule(re.compile(r"几月|哪几?个?月|哪一个月|什么月份"), re.compile(r"\d{1,2}月")),
    # One month asked ("哪个月货运量最高", "边个月最少"): a run of months ("1月至11月") does not say which (bank
    # near-miss drafts asking which month: 6 of 19 answered, now none). "哪几个月", "从几月试到几月" ask a run.
    UnitRule(re.compile(r"(?:哪|边)一?个?月(?![^，。？?]{0,4}(?:到|至|-|—|–|~))|什么月份"
                        r"|(?<![到至])几月份?(?![^，。？?]{0,4}(?:到|至|-|—|–|~|几))"),
             re.compile(r"(?<![\d至到~\-—–])\d{1,2}月(?!\s*(?:至|到|-|—|–|~))")),
    # When: a time — "二期什么时候开建" is not answered by "一期已建成投用" (tuning set users2).
    UnitRule(re.compile(r"什么时候|啥时候|何时|几时|哪一?年|多会儿|什么时间"),
             re.compile(r"\d{4}年|\d{1,2}月|年[底内初]|[上下]半年|今年|明年|当年|季度")),
    # When it first began ("最初什么时候开始建", "当初什么时候报的"): a date of that start, not of what came later
    # (tuning set users5: the projects continued in 2024, the zone approved in 2024).
    UnitRule(re.compile(r"(?:最初|当初|起初|一开始|最早|原先|原本)[^，。？?]{0,12}(?:什么时候|啥时候|何时|几时|哪一?年|几月)"
                        r"|(?:什么时候|啥时候|何时|几时|哪一?年)(?:开始|启动|首次|第一次)|(?:从|打从)(?:什么时候|哪一?年|几时)"),
             re.compile(r"首|开工|开建|开始|动工|启动|开通|以来|始|试行")),
    # When building began, when it was set up, approved (bank near-miss drafts: "太锡铁路几时开工" was answered by
    # its opening year, "哪一年被批成一类口岸" by the smart-port pilot's year): that event, not another.
    UnitRule(re.compile(r"(?:什么时候|啥时候|何时|几时|哪一?年|几月)\S{0,2}(?:开工|开建|动工|开始建|开始修|起嘅)"),
             re.compile(r"开工|开建|动工|开始建")),
    UnitRule(re.compile(r"(?:什么时候|啥时候|何时|几时|哪一?年)\S{0,2}(?:成立|设立|组建|创办|创立)"),
             re.compile(r"成立|设立|组建|创办|创立")),
    UnitRule(re.compile(r"(?:什么时候|啥时候|何时|几时|哪一?年)\S{0,2}(?:被|获)?(?:批准|批复|获批|批成|批为|批的)"),
             re.compile(r"批")),
    # The whole region's or country's figure (全区, 全国), not a rank in it: the report gives the league's own and its
    # rank ("位列全区第2" says nothing of the region's total).
    UnitRule(re.compile(r"^(?=.*(?:多少|几))(?!.*(?:第|排|首|头一|独一|唯一|老几|最|领先|地位|位置|处于|占))"
                        r".*(?:全区|全国|整个内蒙古|全内蒙古|内蒙古全境|全中国)"),
             re.compile(r"全区(?![第排])|全国(?![首第排])")),
    UnitRule(re.compile(r"价格|单价|价钱|价位|什么价|报价|多少钱一|一(?:斤|吨|公斤|箱|个|张)(?:要|卖|是)?多少钱|学费|运费|收费标准|税率|汇率"
                        r"|工资|薪资|薪水|房价|租金|门票"), re.compile(r"元/|/吨|每(?:吨|斤|公斤|箱|人)")),
    UnitRule(re.compile(r"多长时间|多久|几个?小时|(?:多少|几多)[天日]|几天|用时多少|几耐|几多?个钟|(?<![月\d])几日"),
             re.compile(r"\d+(?:个)?(?:小时|天|日|分钟)|当[日天]")),
    UnitRule(re.compile(r"哪些(?:国家|企业|公司|城市|地方|项目)|哪几(?:个(?!月)|家|项)|叫什么名|什么名字|名称|名单|分别是哪|都是哪"),
             re.compile(r"、|[\u4e00-\u9fff](?:和|与|及)[\u4e00-\u9fff]")),
    # The goods asked about: the port's total freight is not its coal.
    UnitRule.goods(re.compile(r"煤")),
    UnitRule.goods(re.compile(r"牛肉")),  # the border trade names raw beef: mutton is not it
    UnitRule.goods(re.compile(r"羊肉")),
    UnitRule.goods(re.compile(r"肉类"), re.compile(r"肉")),
    UnitRule.goods(re.compile(r"羊绒|羊毛"), re.compile(r"绒|毛")),
    UnitRule.goods(re.compile(r"亚麻")),
    UnitRule.goods(re.compile(r"铁矿|铜矿|矿石|矿产品|精矿"), re.compile(r"矿")),
    # Who holds an office, a tax, a subsidy, a wage, a flight route: answered only by a text naming it
    # (the report names none; 总书记 is not the 书记 asked about).
    UnitRule.naming(re.compile(r"市长|盟长|旗长|县长|(?<!总)书记|局长")),
    UnitRule.naming(re.compile(r"税")),
    UnitRule.naming(re.compile(r"员工|工作人员|职工|雇员")),
    UnitRule.naming(re.compile(r"注册资本")),
    UnitRule(re.compile(r"(?:哪|边)一?个国家|哪国|哪些国家"), re.compile(_COUNTRIES + r"|中[蒙俄哈老]")),
    # Where a company sits, a surplus, jobs, which shop platform (tuning set users5): the report names none of them
    # (单一窗口 is a platform, not a shop).
    UnitRule.naming(re.compile(r"总部|顺差|逆差|就业")),
    UnitRule(re.compile(r"(?:哪个|哪些|什么|边个|哪家)(?:电商|网上|线上|网购)平台"), re.compile(r"平台")),
    UnitRule.naming(re.compile(r"补贴|补助|优惠")),
    UnitRule.naming(re.compile(r"工资|薪水|薪资|月薪")),
    UnitRule(re.compile(r"航班|直飞|几班飞机"), re.compile(r"航班")),
    # A share or a rank is answered by one: the report's total is not the part of it asked about.
    # What a count counts: "多少台电脑" is answered in 台, not by a sentence naming the computers.
    UnitRule(re.compile(r"(?:多少|几)台"), re.compile(r"\d+\s*台")),
    UnitRule(re.compile(r"(?:多少|几)户|商户|摊位|店铺|门店"), re.compile(r"\d+\s*户|商户|摊位|店铺")),
    UnitRule(re.compile(r"(?:多少|几)批"), re.compile(r"\d+\s*批")),
    # "签约的有几家企业？" is not answered by the deals' 40.37亿元; "增长了多少？" not by a total alone (on the bank's
    # answerable questions neither refused one: 6 and 41 asked).
    UnitRule(re.compile(r"(?:多少|几多|几)家"), re.compile(r"\d+[余多]?家")),
    UnitRule(re.compile(r"(?:增长|增加|上涨|涨|提高|上升|增)了?(?:多少|几多|几成|百分之几)|增速|增幅|涨幅"),
             re.compile(r"增长|增加|下降|减少|%|倍|增幅|涨")),
    # What a thing cost, a speed, a way to get in touch: the report gives none (the bank asks none of them).
    UnitRule(re.compile(r"造价|花了多少|花费|成本多少|票价"), re.compile(r"元")),
    UnitRule(re.compile(r"时速|设计速度|车速|限速|跑多快|开多快"), re.compile(r"时速|公里/小时|千米/小时|km/h|速度")),
    # A WeChat account asked for, not one the asker writes for ("写公众号文章要用个数据：…多少列了？": users5).
    UnitRule(re.compile(r"电话号码|联系电话|联系方式|联系人|邮箱|网址|官网|网站|微信(?!群)|(?<!写)公众号(?!文章)|客服|热线"
                        r"|怎么联系|如何联系"),
             re.compile(r"@|https?://|www\.")),
    UnitRule.naming(re.compile(r"女性|女生|男性|男生|妇女")),
    # Papers to cross (the report names none), a sum in another currency (it gives the one it gives).
    UnitRule.naming(re.compile(r"签证|护照|证件|许可证|执照")),
    UnitRule(re.compile(r"(?:换算|折合|换)成?美元|多少美元|几多美元"), re.compile(r"美元")),
    UnitRule(re.compile(r"(?:换算|折合|换)成?人民币|多少人民币"), re.compile(r"(?<!美)元")),
    # The report gives what was invested or signed, never a total or planned investment.
    UnitRule.naming(re.compile(r"总投资|计划投资")),
    # Opening hours, a quarter or half-year, insurance (tuning set users4): answered only by a text giving them.
    UnitRule(re.compile(r"几点|营业时间|开关时间|开放时间|上班时间|周末开|星期六日"),
             re.compile(r"\d{1,2}[:：]\d{2}|\d{1,2}\s*点|[上下]午")),
    UnitRule(re.compile(r"第?[一二三四1-4]\s*季度|第[一二三四1-4]季|前三季度|上半年|下半年"), re.compile(r"季度|半年")),
    UnitRule.naming(re.compile(r"保险|牌照")),
    # Which one company: answered by a company's name. An area: in square kilometres, mu or hectares.
    UnitRule(re.compile(r"哪一?(?:家|个)(?:企业|公司)"), re.compile(r"公司|集团")),
    UnitRule(re.compile(r"面积|占地|多少平方|多少亩"), re.compile(r"平方|亩|公顷|㎡")),
    # The trains asked about: a port's freight is not its China–Europe trains.
    UnitRule.naming(re.compile(r"班列")),
    # Which one is the most: a text that ranks, shares out or gives each to compare ("边个旗县最多": the report gives
    # the league's total only; repo sets 3 of 4 such questions unanswerable, the fourth answered by 分别).
    UnitRule(re.compile(r"(?:哪|边|什么|啥|乜)[^，。？?]{0,10}最(?:多|大|高|快)|最(?:多|大|高)(?:的|嘅)(?:是)?(?:哪|边|什么|啥)"),
             re.compile(r"最|第一|首位|居首|大头|主要|分别|\d+(?:\.\d+)?%")),
    # (Not "占多少": "其中落地加工占多少？" asks how much, and is answered in yuan.)
    UnitRule(re.compile(r"占比|比重|份额|几成|百分之几|百分比|比例|占(?:多大|几成)"), re.compile(r"%|占|比重|份额")),
    UnitRule(re.compile(r"排(?:名|在)?第几|第几(?:位|名)|排名(?:多少|如何|怎么样|怎样)"),
             re.compile(r"第\s*\d+|第[一二三四五六七八九十]+|排名|位列|率先|首[个家列趟]")),
    # Who ranks first, which body approved or chose, by sector, a capacity, an average (tuning set users5): the
    # league's own rank (第4) is not the first place, and no sentence names who chose the smart-port pilots.
    UnitRule(re.compile(r"(?:排|位列|排名|位居)在?(?:全区|全国|全盟|自治区)?(?:第一|第1(?!\d)|首位|榜首)|第一名"),
             re.compile(r"第\s*1(?!\d)|第一|首位|榜首|首[个家列趟]|率先")),
    UnitRule(re.compile(r"(?:哪个|哪些|哪一?家|什么|边个)(?:部门|部委|机构|单位|机关)|谁(?:批准|批复|审批|评|认定|颁发|发的)"
                        r"|由谁|是谁(?:批|评|定|发)"),
             re.compile(r"国务院|海关|(?<![东西南北中内全外])部(?!分)|委|(?<!格)局|厅|政府|办|公司|学院|中心|单位")),
    UnitRule(re.compile(r"(?:哪些|什么|哪个|边个|分|各)行业|行业(?:分布|结构|构成|占)"
                        r"|(?:投|投资)(?:到|向|于)了?哪些(?:领域|产业)"),
             re.compile(r"行业|产业|领域")),
    UnitRule(re.compile(r"处理量|处理能力|设计能力|吞吐(?:量|能力)|通过能力|过货能力|储量"),
             re.compile(r"能力|处理量|吞吐")),
    UnitRule(re.compile(r"第几(?:次|届)(?:会议|会晤|会)?"), re.compile(r"第[一二三四五六七八九十\d]+(?:次|届)|首次")),
    UnitRule(re.compile(r"平均|人均|均价"), re.compile(r"平均|人均|年均|均价|每")),  # "平均每天" is "每天约10列"
    # How far apart two figures are: the report gives each port's growth, never the gap between them.
    UnitRule(re.compile(r"相差|差距|差(?:了|有)?(?:多少|几)|差别(?:有)?多大"),
             re.compile(r"相差|差距|百分点|高出|多出")),
    # Who built it and who led or chaired (bank near-miss drafts): the report names no contractor and no chair;
    # only the company building a warehouse ("环宇公司…海外仓开工建设") and who led the missions ("领导带队200余次").
    UnitRule(re.compile(r"施工单位|承建|施工方|(?:哪家|哪个|什么|边个|边间)(?:单位|公司|企业|施工队)?\S{0,2}(?:施工|承建"
                        r"|建(?:的|嘅|造)|修(?:的|嘅))|谁(?:来)?(?:建|修|施工|承建)"),
             re.compile(r"承建|施工单位|中标|施工方|公司[^，。]{0,12}建")),
    UnitRule(re.compile(r"谁(?:带队|带团|率团|率队|主持|主讲|发言|致辞)|(?:带队|带团|率团|率队|主持)的?(?:是|系)?(?:谁|边个|哪位)"),
             re.compile(r"带队|率团|率队|主持|带领")),
    # Who runs a place or a project: answered only by a text naming the body in charge (the report
    # names who a plan was sent to, never who manages the zone).
    UnitRule(re.compile(r"(?:哪个|哪些|什么|哪一?家)(?:部门|机构|单位|主体|公司|企业)(?:来|在)?(?:负责|管理|主管|运营|经营|管)"
                        r"|谁(?:来|在)?(?:负责|管理|主管|运营|经营|管)|归谁管|管委会|负责人是谁|主任是谁|领导是谁"),
             re.compile(r"管委会|管理委员会|负责(?:管理|运营|建设)|运营主体|主管部门|由[\u4e00-\u9fff]{2,20}(?:负责|管理|运营)")),
)
_CN_ORDINALS = {c: i for i, c in enumerate("一二三四五六七八九十", 1)} | {"首": 1}
CUES = {
    "quarter_no": re.compile(r"第?([一二三四1-4])\s*季度"),
    "meeting_no": re.compile(r"第([一二三四五六七八九十\d]+)(?:次|届)(?:全体|联席)?(?:会议|会晤|会)"
                             r"|(首)次(?:会议|会晤)"),
    "made_up": re.compile(r"笑话|段子|(?:写|作|编|来)[^。？?！!]{0,24}诗|诗歌|绕口令"),
    # Read after Traditional is made Simplified: 謝謝 is 谢谢 here; 唔该 and 早晨 are Cantonese.
    "small_talk": re.compile(r"^\W*(?:(?:你好|您好|大家好|嗨|哈喽|哈啰|早上好|上午好|下午好|晚上好|早安|早晨|晚安|"
                             r"谢谢|多谢|感谢|唔该|再见|拜拜|在吗|在不在|你好吗|最近怎么样|辛苦了|好的)[你您啦了呀啊哈吧呢]*\W*)+$"),
    # The report's latest figures run to some month: they are not the whole year's a question asks for.
    # … nor a half or a quarter's ("上半年").
    "whole_year": re.compile(r"全年|整年|含12月|12月份|上半年|下半年|前三季度|[一二三四]季度|第[一二三四]季度"),
    # Up to some month before December: "1月至12月" is the whole year.
    "part_year": re.compile(r"1(?:月至|至|-|到)(?:1[01]|[1-9])(?!\d)\s*月"),
    "year": re.compile(r"\d{4}\s*年"),
    # A keyword query that ends on a measure ("二连浩特口岸 2023年 进出口货运量") wants its figure too.
    "asks_quantity": re.compile(r"(?:多少|几多)(?![天年月日次])"
                                r"|(?:运量|数量|总量|额|增速|增幅|增长率|人次)\s*[?？]?\s*$"),
    "dates": re.compile(r"\d{4}年|\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日"),
    # A numeral with what it counts ("两个", "上万个", "第一"): a bare 二 is as often a name's (二连浩特).
    "figure_words": re.compile(r"[一二三四五六七八九十两百千万亿]+"
                               r"(?:[个家列项批名人次吨元倍类期条座所位件种届辆趟箱余多]|公里)|第[一二三四五六七八九十]+"),
    # A question that asks for the total too ("共…？其中…？", "出境和入境各多少？") keeps the whole sentence.
    "asks_total": re.compile(r"其中|各|分别|总共|一共"),
    "asks_each": re.compile(r"各|分别"),
    "members": re.compile(r"(?<![第\d.])(\d+)\s*(?:个|项|家|座|条|所|类)(?!以下|以上)[^，。？?]{0,12}?"
                          r"(?:具体)?(?:都|分别)?(?:是|有|包括|指)?(?:什么|哪些|哪几|哪|啥|乜嘢|乜|咩|边几)"),
    # A list of names, not of counts: "项目111个、在谈项目12个" lists two counts.
    "enumeration": re.compile(r"(?<![\d个项家座条所类])、|[\u4e00-\u9fff][和与及][\u4e00-\u9fff]|等"),
    "separately": re.compile(r"分别|各自?(?:是|占|有)?多少|各占|拆开|分开|单独|多少[、，,和与跟].{1,8}多少"),
    # ("1至11月从那里出境…": 那里/这里/哪里 say where, not "of the 11".)
    "part_of": re.compile(r"(?<![A-Za-z\d.])\d[\d.,]*\s*[万亿]?[^\d\s，。？?]{0,6}?(?:(?<![那这哪])里面?|入面|当中|之中"
                          r"|中的)"),
    "rank_place": re.compile(r"第\s*\d+"),
    "asks_town": re.compile(r"(?:哪|边|邊)(?:一|几|幾)?(?:个|個|座|些)?(?:城市|市|县|縣|旗县|旗縣|旗|盟市|城)"
                            r"(?![场場区區长長])"),
    "self_context": re.compile(r"(?:我们|我司|本公司|我家|咱们|我哋|我地|我)"
                               r"(?:是|在|住|家在|来自|从|喺|系|做|公司|企业|车队)"),
    "when": re.compile(r"\d+月|\d{4}年"),
    # A question leans on what came before when it opens or closes like a follow-up or points back.
    "follow_up": re.compile(r"^(?:那么?|那个|还有|另外|再问|而|同期)|呢[？?。]?$|[它其该此]|这个|上述|同比呢"),
    "asking": re.compile(
        r"(?:是|有|为|达到?|完成了?|共|一共|总共)?(?:多少[个列家项吨元人次]?|几[个列家项月年]?|什么|哪[些个里年天]?|怎么样?"
        r"|如何|是否|吗|呢|[？?])"),
    "lead": re.compile(r"^(?:那么?|那个|还有|另外|再问一下|再问|而|请问)[\s,，]*"),
    "short_follow_up": re.compile(r"^[^？?]{1,8}(?:呢)?[？?]?$"),
    "advice": re.compile(r"值得|值不值|划算|划不划算|要不要|该不该|应不应该|你(?:的)?建议|给点建议|推荐|靠谱|前景|预测"
                         r"|明年|将来|会不会|还会|能赚|赚钱|你(?:怎么)?(?:看|觉得|认为)|看法"
                         r"|安全吗|安不安全|哪个(?:更)?好|好不好|好唔好"
                         # Cantonese and chat forms of the same asks, and how to join, apply or reach someone (bank
                         # near-miss drafts: 21 of 110 answered Chinese ones asked so).
                         r"|点睇|会唔会|安唔安全|抵唔抵|抵不抵|着数|著数|应唔应|有冇用|有没有用|有必要|值唔值|划算不"
                         r"|(?:怎么|怎样|如何|点样|點樣)\S{0,2}(?:联系|联络|报名|申请|参与|加入|投标|竞标)|找谁|还能参与"
                         r"|还是\S{0,8}(?:好|划算|合适)[吗呢？?]"),
    "period": re.compile(r"\d{4}\s*年|\d{1,2}\s*月|今年|本年|去年|前\S{1,3}个月"),
    "compared": re.compile(r"(?:与|和|跟|同|较|比)(?:起)?\s*(?:\d{4}\s*年|去年|上年)(?:同期)?(?:相比|比|比较)?"
                           r"|相比|同比"),
    "last_year": re.compile(r"去年|上一年|上年(?!同期)"),
    "year_on_year": re.compile(r"同比"),
    # "截至(2024年)11月" runs up to November: no month alone.
    "single_month": re.compile(r"(?<![\d至止到~\-—–])(?<!截[至止]\d{4}年)(?<!截[至止]\d{2}年)(1[0-2]|[1-9])\s*月份?"
                               r"(?![\d日号])(?!\s*(?:至|到|-|—|–|~))"),
    "month_range": re.compile(r"\d{1,2}\s*(?:月\s*)?(?:至|到|-|—|–|~)\s*\d{1,2}\s*月"),
    "month_named": re.compile(r"(\d{1,2})\s*月"),
    "unit_after": re.compile(r"\s?(?:万|亿|吨|列|元|个|家|人|次|辆|箱|米|公里|年|月|日|号)"),
    "dependent": re.compile(r"^(?:其中|同时|此外|与此同时|在此基础上|另外|为此|并且|而且|但是?|因此|……|[，；、])"),
}
MESSAGES = {HANS: "报告没有涉及这个问题。", HANT: "報告沒有涉及這個問題。"}
_ZH = re.compile(r"(\d+(?:\.\d+)?)\s*(亿|万)?(?:(\d+(?:\.\d+)?)\s*(万))?")
_SCALE = {"万": 10**4, "亿": 10**8}
NUMERALS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

# Question words and particles: they say what kind of answer is wanted, not what about.
_STOP = set("的是了吗呢有几哪什么在和与及为多少请问呀啊吧个这那其中对该已")
_STOP_WORDS = {
    "多少", "什么", "哪些", "哪个", "哪里", "怎么", "怎样", "如何", "是否", "为什么", "请问", "有没有", "是不是",
    "一下", "主要",
}
# Content words are nouns, verbs, adjectives, idioms, names and Latin words (jieba's tags).
_CONTENT_TAGS = set("nvaijle")
_NAME_TAGS = {"ns", "nr", "nt", "nz"}
_FUNCTION = re.compile(r"[几哪么何谁吗呢]|多少|一共|是否|有没有|这|那|一[个年天次条列家]|第")
# How a question is framed, not what it is about: "是不是…", "目的是什么", "还有…吗".
_FRAME = {"是不是", "目的", "还有", "没有", "一直", "以前", "达到", "获得", "出去", "进来", "主要", "情况",
          "了解", "知道", "打听", "咨询", "请教"}  # asking words ("想先了解下…"): the question's frame, not its subject
_YEAR = re.compile(r"(?:19|20)\d\d(?=年)")
_WORDS = re.compile(r"[\u3400-\u9fff]{2,}")


@lru_cache(maxsize=4)
def _converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    return _converter("s2t").convert(text)


# jieba's dictionary cut to the words it counts 100 times or more and its place, organisation and
# transliterated names (61 974 of 349 046 entries). Loading it took 0.12 s against 0.83 s and posseg's tag
# table 0.07 s against 0.32 s, of a 4.4 s cold start; kb eval on the repo sets, full → trimmed: answers
# 0.925 → 0.926, refusals 0.751 → 0.751. What it drops are rare words; jieba cuts those by its HMM.
_MIN_FREQ = 100
_KEPT_TAGS = frozenset({"ns", "nrt", "nt"})


def dictionary() -> Path:
    """The trimmed dictionary, written once beside jieba's own cache from the installed jieba's dict.txt."""
    import contextlib
    import hashlib
    import os
    import tempfile

    import jieba

    source = Path(jieba.__file__).parent / "dict.txt"
    stat = source.stat()
    recipe = f"{source}|{stat.st_size}|{stat.st_mtime_ns}|{_MIN_FREQ}|{sorted(_KEPT_TAGS)}"
    path = Path(tempfile.gettempdir()) / f"bridgehead-jieba-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}.txt"
    if not path.is_file():
        kept = [line for line in source.read_text(encoding="utf-8").splitlines()
                if len(parts := line.split()) == 3 and (int(parts[1]) >= _MIN_FREQ or parts[2] in _KEPT_TAGS)]
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        try:
            partial.write_text("\n".join(kept) + "\n", encoding="utf-8")
            os.replace(partial, path)  # another process may race to the same file: either copy is whole
        except OSError as exc:  # a read-only or full temp dir: answer with the whole dictionary, just start slower
            logging.getLogger(__name__).warning("cannot write %s (%s): jieba reads its whole dictionary", path, exc)
            with contextlib.suppress(OSError):
                partial.unlink()
            return source
    return path


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.set_dictionary(str(dictionary()))
    return jieba


@lru_cache(maxsize=1)
def _posseg():
    _jieba()  # posseg reads its tags from the dictionary jieba has when posseg is first imported
    import jieba.posseg

    return jieba.posseg


def _is_name(flag: str) -> bool:
    return flag in _NAME_TAGS or flag.startswith("nr")  # nrt: a transliterated name (乌兰巴托)


# What asks in Chinese (Simplified by then; Cantonese 边个, 咩, 有冇, 系唔系 included).
_ASKS = re.compile(r"多少|几|什么|啥|哪|怎|如何|是否|吗|呢|么|谁|何|边个|咩|乜|冇|唔|[？]")
_OTHER_WORD = re.compile(r"[A-Za-z]{3,}|[\u0400-\u04ff]{3,}")
_LOANS = frozenset({"app", "apps", "wifi", "vip", "logo", "email", "wechat"})  # Latin words Chinese is typed with


@dataclass
class Chinese(Pack):
    name: str = "zh"
    codes: tuple[str, ...] = (HANS, HANT)
    edition: str = "zh"
    messages: dict[str, str] = field(default_factory=lambda: dict(MESSAGES))
    cues: dict[str, re.Pattern[str]] = field(default_factory=lambda: dict(CUES))
    opposites: tuple[tuple[str, str], ...] = (("出境", "入境"), ("出口", "进口"), ("公路", "铁路"))
    # The two sides of a total the report breaks down: a question names one (入境), a sentence may give the other.
    sides: tuple[tuple[str, str, str], ...] = (("入境", "出境", "出入境"), ("进口", "出口", "进出口"))
    part_markers: tuple[str, ...] = ("其中",)
    # 全区/全盟 ("the whole region/league") are how the report names its own setting: a question
    # saying only that ("在全区排第几？") still leans on the conversation.
    self_references: frozenset[str] = frozenset({"全区", "全盟", "自治区", "全國", "全国"})
    joiner: str = ""
    ordinal_words: dict[str, int] = field(default_factory=lambda: dict(_CN_ORDINALS))
    # None added: Chinese answers did not change when the repo questions lost their ？, and adding one
    # refused two Cantonese questions ("合作區而家有幾多個項目仲喺傾緊").
    question_mark: str = ""

    def detect(self, text: str, scripts: Scripts) -> str | None:
        if scripts.han and scripts.han >= scripts.cyrillic and scripts.han * 2 >= scripts.latin \
                and not self.names_only(text):
            # Traditional when converting to Simplified changes the text.
            return HANT if to_simplified(text) != text else HANS
        return None

    def to_index(self, text: str, code: str, translit: Transliterator | None) -> str:
        return _corrected(to_simplified(text) if code == HANT else text)

    def names_only(self, text: str) -> bool:
        """Chinese only for its names: no Chinese word asks, and the words around them are another language's.

        "二连浩特 智慧口岸 试点 хэзээ" and "二连浩特航空口岸 opened?" are asked in Mongolian and English
        (60 of the bank's 3 000 Mongolian and English questions are written so); "二连浩特 FDI" stays Chinese.
        """
        if _ASKS.search(to_simplified(text)):
            return False
        if not any(not w.isupper() and w.lower() not in _LOANS for w in _OTHER_WORD.findall(text)):
            return False
        from kb.langs import en, mn  # they import this module

        # ...and those words ask ("opened?", "хэзээ", "orson uu"): markup around "货运量" does not.
        rest = HAN.sub(" ", text)
        return bool(en.CUES["asking"].search(rest) or mn.CUES["asking"].search(rest)
                    or mn.latin_score(re.findall(r"[a-z]+", rest.lower())))

    def localise(self, text: str, code: str) -> str:
        # Same character count, so highlight offsets stay valid.
        return to_traditional(text) if code == HANT else text

    def unify(self, text: str) -> str:
        return to_simplified(text)

    def register_names(self, names: list[str], proper: tuple[str, ...] = ()) -> None:
        """Names of ports, places and programmes stay whole words when jieba cuts a text; proper names of four
        characters or more are known typed with one character other."""
        jieba = _jieba()
        for word in {w for n in names for w in _WORDS.findall(n)}:
            jieba.add_word(word, freq=2000)
        new = {to_simplified(w) for n in proper for w in _WORDS.findall(n)} - _WHOLE
        _WHOLE.update(new)
        for word in (w for w in new if len(w) >= 4):
            _LENGTHS.add(len(word))
            for i in range(len(word)):
                _TYPED.setdefault(word[:i] + "?" + word[i + 1:], set()).add(word)

    def tokens_recipe(self) -> str:
        return dictionary().name

    def run_tokens(self, run: str) -> set[str] | None:
        """A run of Chinese: its words and their parts (jieba search mode) and single characters."""
        if not ("\u3400" <= run[0] <= "\u9fff"):
            return None
        out = {w for w in _jieba().cut_for_search(run) if len(w) > 1 and w not in _STOP_WORDS}
        out.update(c for c in run if c not in _STOP)
        return out

    def values(self, text: str) -> list[Decimal]:
        """Values of the figures in Chinese text: "1亿1293万元" is one value, 112930000."""
        out = []
        for m in _ZH.finditer(text):
            value = Decimal(m.group(1)) * _SCALE.get(m.group(2) or "", 1)
            if m.group(3):  # "1亿1293万": the second part is in 万
                value += Decimal(m.group(3)) * _SCALE[m.group(4)]
            out.append(normal(value))
        return out

    def numeral_values(self, text: str) -> set[Decimal]:
        """Small numbers written in characters (两个, 第六个), which a translation may write in digits."""
        return {Decimal(v) for c, v in NUMERALS.items() if c in text}

    def reading(self, indexed: frozenset[str]) -> Reading:
        return Reading("zh", KINDS, UNITS, unknown=self.unknown)

    def subject(self, question: str) -> str | None:
        """A question without its asking words: "二连浩特口岸货运量是多少？" → "二连浩特口岸货运量"."""
        if not re.search(r"[\u4e00-\u9fff]", question):
            return None
        return self.cues["lead"].sub("", self.cues["asking"].sub("", question)).strip(" ，,")

    def unknown(self, question: str, corpus: LexicalScorer) -> Unknown:
        """Share of the question's content words the corpus never uses, those words, and
        whether one of them is a place name or a year the corpus never mentions.

        A question about hotels, visas or Manzhouli names things the report never
        mentions; a paraphrase of something it covers mostly does not.
        """
        pseg = _posseg()
        text = corpus.text
        tagged = [(w, flag) for w, flag in pseg.cut(question) if len(w) > 1 and not _FUNCTION.search(w)]
        # Names the report knows (二连浩特, 中欧班列) say where, not what is asked: leave them out.
        words = [
            (w, flag) for w, flag in tagged
            if flag[:1] in _CONTENT_TAGS and not (w in text and (flag in _NAME_TAGS or w in corpus.names))
        ]
        unknown = [w for w, flag in words if w not in _FRAME and not self._known(w, text, not _is_name(flag))]
        # A place name of three or more characters the report never mentions (满洲里, 乌兰巴托).
        strong = any(flag == "ns" and len(w) >= 3 and w not in text for w, flag in tagged)
        years = [y for y in _YEAR.findall(question) if y not in text] + corpus.unknown_acronyms(question)
        share = len(unknown) / len(words) if words else 0.0
        return Unknown(share, tuple(unknown + years), strong or bool(years))

    @staticmethod
    def _known(word: str, text: str, compound: bool = True) -> bool:
        """In the report, or a compound of words that are (外资企业: 外资 and 企业 both occur).

        Not for names: 乌兰巴托 is not 乌兰 + 巴托.
        """
        if word in text:
            return True
        if not compound:
            return False
        parts = [p for p in _jieba().cut_for_search(word) if len(p) > 1 and p != word]
        return len(parts) >= 2 and all(p in text for p in parts)


# A name of four or more characters typed with one character swapped for a homophone, as a pinyin keyboard offers it
# (锡林果勒盟, 中歐斑列, 朱恩嘎达布其, 二连好特): the name. Only a homophone: "喺二连过关" is no typo of 二连海关 (so
# read on a repo question before the rule required one). Three-character names differ from others by one (满洲里),
# so they are left as typed.
_TYPED: dict[str, set[str]] = {}  # the name with one character masked -> the names
_WHOLE: set[str] = set()  # the names as written
_LENGTHS: set[int] = set()  # of the names _TYPED knows


def _readings(char: str) -> set[str]:
    from pypinyin import Style, pinyin  # a 4 MB table: only a question that holds a near-name reads it

    return set(pinyin(char, style=Style.NORMAL, heteronym=True)[0])


def _meant(window: str) -> str | None:
    """The one name a run of characters is that name typed with a homophone, if any."""
    if not _WORDS.fullmatch(window):
        return None
    names = {name for j in range(len(window)) for name in _TYPED.get(window[:j] + "?" + window[j + 1:], ())}
    if len(names) != 1 or (name := names.pop()) == window:
        return None
    # A name beside the next word is no typo at its edge: "锡林郭勒盟有几家" is not 锡林郭勒盟委, "二连浩特是" not
    # 二连浩特市 (bank questions).
    if window[1:] in _WHOLE or window[:-1] in _WHOLE:
        return None
    return name if all(a == b or _readings(a) & _readings(b) for a, b in zip(window, name, strict=True)) else None


def _corrected(text: str) -> str:
    """The text with every name typed with a homophone written as the name, longest names first."""
    out = text
    for n in sorted(_LENGTHS, reverse=True):
        i = 0
        while i + n <= len(out):
            if name := _meant(out[i:i + n]):
                out, i = out[:i] + name + out[i + n:], i + n
            else:
                i += 1
    return out


PACK = Chinese()
__all__ = ["ACRONYM", "HANS", "HANT", "PACK", "Chinese", "to_simplified", "to_traditional"]
