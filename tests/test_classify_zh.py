"""Chinese-language classification: every trap class, in both scripts, in our own words.

Each case is a headline (sometimes with a lead after a full stop), its publication
date and what the default rules must decide: "none", or "kind/status". Every case
runs as written (Simplified) and converted to Traditional script with OpenCC, so the
rules are tested on both; a few cases are written in Traditional with the words Taiwan
and Hong Kong outlets use (川普, 歐巴馬, 視訊).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import opencc
import pytest
from helpers import RULES, reading

from monitor.classify import Classifier
from monitor.classify.chinese import ChineseText, has_chinese
from monitor.classify.rules import ChineseRule, load_rules
from monitor.errors import RulesError
from monitor.models import Document

NOW = datetime(2026, 11, 1, tzinfo=UTC)
PHONE, VIDEO, MEET, LETTER = "phone_call", "video_call", "in_person_meeting", "letter_or_message"
TO_TRADITIONAL = opencc.OpenCC("s2t").convert

# (class, headline, published, expected)
CASES = [
    # Leaders and their names in both places' usage, with terms of office.
    ("leader", "习近平与川普通电话讨论关税", "2025-06-10", f"{PHONE}/occurred"),
    ("leader", "习近平同特朗普通电话", "2017-04-25", f"{PHONE}/occurred"),
    ("leader", "习近平同奥巴马举行会谈", "2014-11-12", f"{MEET}/occurred"),
    ("leader", "欧巴马与习近平在白宫会谈", "2015-09-25", f"{MEET}/occurred"),
    ("leader", "胡锦涛同奥巴马通电话", "2010-04-02", f"{PHONE}/occurred"),
    ("leader", "胡锦涛同特朗普会晤", "2017-06-01", "none"),  # Hu left office in 2013
    ("leader", "拜登同习近平在北京会谈", "2013-12-04", "none"),  # Biden was vice president
    ("leader", "特朗普与习近平通话", "2023-05-01", "none"),  # between Trump's terms
    ("leader", "当选总统特朗普同习近平通电话", "2024-11-20", f"{PHONE}/occurred"),
    ("leader", "习近平向美国当选总统特朗普致贺电", "2016-11-14", f"{LETTER}/occurred"),
    ("leader", "美国前总统奥巴马在上海会见习近平", "2023-06-01", "none"),
    ("leader", "前总统布什之子会见习近平 特朗普发表声明", "2018-03-01", "none"),
    # Compound names of both presidents, and the two heads of state by date.
    ("compound", "川习会谈持续两个多小时", "2019-06-29", f"{MEET}/occurred"),
    ("compound", "拜习会在利马结束 双方握手", "2024-11-16", f"{MEET}/occurred"),
    ("compound", "特习会前瞻:贸易与台湾议题", "2025-10-28", "none"),
    ("compound", "习奥会即将登场", "2013-06-06", "none"),
    ("compound", "拜习会后 两军恢复沟通", "2023-11-20", "none"),
    ("compound", "川习通话聚焦关税与芬太尼", "2025-06-05", f"{PHONE}/occurred"),
    ("compound", "拜习视频会晤持续三个半小时", "2021-11-16", f"{VIDEO}/occurred"),
    ("compound", "外交部:习拜会成果丰硕", "2023-11-17", "none"),
    ("compound", "中美首脑在利马会面", "2024-11-16", f"{MEET}/occurred"),
    ("compound", "中美元首通电话", "2022-03-18", f"{PHONE}/occurred"),
    ("compound", "中美元首通电话", "2025-06-05", f"{PHONE}/occurred"),
    ("compound", "中美元首在旧金山会晤", "2023-11-15", f"{MEET}/occurred"),
    ("compound", "中美元首将于下月会面", "2025-09-20", f"{MEET}/planned"),
    ("compound", "中美两国元首互致贺电", "2019-01-01", f"{LETTER}/occurred"),
    # Kinds: calls.
    ("call", "习近平应约同美国总统拜登通电话", "2022-07-28", f"{PHONE}/occurred"),
    ("call", "特朗普与习近平进行电话交谈", "2025-09-19", f"{PHONE}/occurred"),
    ("call", "拜登和习近平通了电话 谈及乌克兰", "2022-03-18", f"{PHONE}/occurred"),
    ("call", "特朗普致电习近平 讨论贸易协议", "2025-06-05", f"{PHONE}/occurred"),
    ("call", "习近平致电特朗普", "2025-06-05", f"{PHONE}/occurred"),
    ("call", "特朗普称习近平给他打了电话", "2025-09-20", f"{PHONE}/occurred"),
    ("call", "习近平在电话中对拜登说 台湾问题是核心", "2022-07-29", f"{PHONE}/occurred"),
    # Kinds: video, which outranks the meeting words it comes with.
    ("video", "习近平同美国总统拜登举行视频会晤", "2021-11-16", f"{VIDEO}/occurred"),
    ("video", "拜登与习近平视频通话近两小时", "2022-03-18", f"{VIDEO}/occurred"),
    ("video", "習近平與拜登視訊會議 聚焦台海", "2021-11-16", f"{VIDEO}/occurred"),
    ("video", "拜登与习近平以视频方式会谈", "2021-11-16", f"{VIDEO}/occurred"),
    ("video", "拜登習近平視像會議結束", "2021-11-16", f"{VIDEO}/occurred"),
    # Kinds: in person, including the events of a state visit.
    ("meet", "习近平在北京会见美国总统特朗普", "2026-04-15", f"{MEET}/occurred"),
    ("meet", "习近平晤拜登 双方谈及台湾", "2024-11-16", f"{MEET}/occurred"),
    ("meet", "习近平同特朗普举行会谈", "2017-11-09", f"{MEET}/occurred"),
    ("meet", "习近平为特朗普举行欢迎仪式", "2017-11-09", f"{MEET}/occurred"),
    ("meet", "习近平举行宴会款待美国总统特朗普", "2017-11-09", f"{MEET}/occurred"),
    ("meet", "习近平陪同特朗普参观长城", "2026-04-16", f"{MEET}/occurred"),
    ("meet", "奥巴马与习近平在庄园晤谈", "2013-06-08", f"{MEET}/occurred"),
    ("meet", "拜登与习近平共进午宴后在庄园散步", "2023-11-15", f"{MEET}/occurred"),
    ("meet", "中美元首在釜山会晤 特朗普称会谈十分成功", "2025-10-30", f"{MEET}/occurred"),
    # Kinds: letters and messages, and 致电 decided by what follows it.
    ("message", "习近平复信美国总统特朗普", "2025-06-05", f"{LETTER}/occurred"),
    ("message", "习近平致信拜登 谈两国人文交流", "2023-03-01", f"{LETTER}/occurred"),
    ("message", "习近平就飓风灾害向特朗普致慰问电", "2017-09-01", f"{LETTER}/occurred"),
    ("message", "习近平就前总统逝世向拜登致唁电", "2024-12-30", f"{LETTER}/occurred"),
    ("message", "特朗普向习近平发来贺函", "2025-10-01", f"{LETTER}/occurred"),
    ("message", "习近平致电特朗普祝贺其胜选", "2024-11-07", f"{LETTER}/occurred"),
    ("message", "习近平致电拜登 对其确诊表示慰问", "2022-07-22", f"{LETTER}/occurred"),
    ("message", "习近平致电奥巴马吊唁枪击事件遇难者", "2016-06-14", f"{LETTER}/occurred"),
    ("message", "习近平致电拜登:祝早日康复", "2022-07-22", f"{LETTER}/occurred"),
    ("message", "习近平向特朗普表示祝贺", "2024-11-07", f"{LETTER}/occurred"),
    ("message", "习近平就疫情向特朗普表示慰问 两人通电话", "2020-03-27", f"{PHONE}/occurred"),
    ("message", "特朗普给习近平写信 邀其访美", "2025-02-01", f"{LETTER}/occurred"),
    ("message", "习近平致电祝贺拜登当选美国总统", "2020-11-25", f"{LETTER}/occurred"),
    # Status: future and intent.
    ("future", "习近平将同特朗普通电话", "2025-09-18", f"{PHONE}/planned"),
    ("future", "特朗普将于下月访华 与习近平会晤", "2026-03-10", f"{MEET}/planned"),
    ("future", "白宫:拜登拟与习近平通话", "2022-07-20", f"{PHONE}/planned"),
    ("future", "特朗普即将与习近平会面", "2025-10-29", f"{MEET}/planned"),
    ("future", "拜登与习近平有望在利马会晤", "2024-11-10", f"{MEET}/planned"),
    ("future", "特朗普或将与习近平通话", "2025-09-15", f"{PHONE}/planned"),
    ("future", "白宫计划安排特朗普与习近平会晤", "2025-04-01", f"{MEET}/planned"),
    ("future", "特朗普准备与习近平会谈", "2025-10-28", f"{MEET}/planned"),
    ("future", "拜习会前夕 两国贸易代表通话", "2023-11-14", "none"),
    ("future", "习近平抵达旧金山 将与拜登会晤", "2023-11-14", f"{MEET}/planned"),
    ("future", "特朗普抵达北京出席与习近平的会谈", "2026-04-14", f"{MEET}/planned"),
    ("future", "特朗普:我们很快会通话 习近平是我的朋友", "2025-09-10", f"{PHONE}/planned"),
    ("future", "中美元首会晤进入倒计时", "2025-10-25", f"{MEET}/planned"),
    ("future", "特朗普期待与习近平会面", "2026-01-20", f"{MEET}/planned"),
    # ... and reports that it happened stay reports.
    ("future", "习近平抵达后在机场同特朗普会面", "2025-10-30", f"{MEET}/occurred"),
    ("future", "习近平抵达釜山后同特朗普会晤", "2025-10-30", f"{MEET}/occurred"),
    ("future", "特朗普抵达北京 习近平举行欢迎仪式", "2026-04-14", f"{MEET}/occurred"),
    ("future", "特朗普称已与习近平通话", "2025-09-20", f"{PHONE}/occurred"),
    ("future", "特朗普与习近平通话 将于四月访华", "2025-11-25", f"{PHONE}/occurred"),
    # Status: denials and non-events.
    ("denial", "外交部否认习近平与特朗普通过电话", "2025-05-01", "none"),
    ("denial", "外交部:没有听说习近平与特朗普通电话", "2025-05-01", "none"),
    ("denial", "习近平与特朗普未曾通话", "2025-03-01", "none"),
    ("denial", "特朗普称不会与习近平会面", "2025-10-20", "none"),
    ("denial", "习近平与特朗普尚未通话", "2025-02-10", "none"),
    ("denial", "特朗普取消与习近平的会晤", "2025-10-20", "none"),
    ("denial", "外交部:不掌握习近平与特朗普通电话的情况", "2025-05-01", "none"),
    # Status: past contacts mentioned as background.
    ("history", "去年习近平与拜登在旧金山会晤", "2024-06-01", "none"),
    ("history", "习近平与特朗普通话以来 美豆出口回升", "2025-07-01", "none"),
    ("history", "回顾习近平同奥巴马的庄园会晤", "2016-06-01", "none"),
    ("history", "中美元首会晤成果逐步落实", "2023-12-10", "none"),
    ("history", "落实习近平同拜登会晤共识 两国恢复禁毒合作", "2024-01-30", "none"),
    ("history", "习近平与特朗普通话后,美股收高", "2025-06-06", "none"),
    ("history", "外交部回应习近平与特朗普通话相关问题", "2025-06-06", "none"),
    # ... and a new contact after a past one is news.
    ("history", "去年11月会晤之后 习近平与拜登再次通话", "2024-04-02", f"{PHONE}/occurred"),
    ("history", "时隔七个月 中美元首再次通电话", "2021-09-10", f"{PHONE}/occurred"),
    ("history", "习近平同拜登互致贺电 庆祝两国建交四十五周年", "2024-01-01", f"{LETTER}/occurred"),
    # Status: conditions and wishes.
    ("hypothetical", "如果特朗普与习近平会面 关税或将下调", "2025-04-20", "none"),
    ("hypothetical", "特朗普与习近平能否通话仍是未知数", "2025-04-20", "none"),
    ("hypothetical", "特朗普不排除与习近平通电话", "2025-04-20", "none"),
    # Roles: officials who are not the president.
    ("role", "习近平会见美国国务卿布林肯 拜登发表声明", "2023-06-19", "none"),
    ("role", "特朗普会见习近平特使", "2025-03-01", "none"),
    ("role", "美国财长与中国副总理通话 为特朗普习近平会晤铺路", "2025-10-20", f"{MEET}/planned"),
    ("role", "习近平会见美国国家安全顾问 拜登释放善意", "2024-08-29", "none"),
    ("role", "王毅外长与特朗普通电话", "2025-02-01", "none"),
    ("role", "美国副总统与习近平会见 特朗普未出席", "2025-09-01", "none"),
    ("role", "习近平会见美国州长 特朗普关税阴影下", "2025-06-01", "none"),
    ("role", "习近平会见美国参议员代表团 拜登政府表示欢迎", "2023-10-09", "none"),
    ("role", "习近平会见美国企业家 特朗普谈对华关税", "2025-03-25", "none"),
    ("role", "特朗普与普京通电话 习近平表示关注", "2025-03-18", "none"),
    ("role", "习近平同俄罗斯总统普京举行视频会晤 拜登发出警告", "2022-02-10", "none"),
    ("role", "美国总统特使会见习近平", "2025-03-01", "none"),
    ("role", "习近平会见美国总统特别代表", "2025-03-01", "none"),
    ("role", "特朗普之女伊万卡会见习近平", "2017-11-09", "none"),
    ("role", "习近平和彭丽媛陪同特朗普和梅拉尼娅参观故宫", "2017-11-08", f"{MEET}/occurred"),
    # Commentary: coverage, never a new event.
    ("commentary", "社评:川习会之后中美关系何去何从", "2025-11-01", "none"),
    ("commentary", "评论:习近平同特朗普通电话释放积极信号", "2025-06-06", "none"),
    ("commentary", "中美观察:拜登与习近平会晤的三个看点", "2023-11-16", "none"),
    ("commentary", "分析:特朗普与习近平会面后的贸易前景", "2025-11-02", "none"),
    ("commentary", "专家:中美元首通话为两国关系指明方向", "2025-06-06", "none"),
    ("commentary", "新华时评:拜习会传递稳定信号", "2023-11-16", "none"),
    # No spaces: names and kind words share characters with other words.
    ("spaces", "习近平川普通话 谈疫情合作", "2020-03-27", f"{PHONE}/occurred"),
    ("spaces", "特朗普通话习近平", "2025-06-05", f"{PHONE}/occurred"),
    ("spaces", "特朗普称习近平的普通话讲得很好", "2025-06-05", "none"),
    ("spaces", "习近平在四川普通话推广活动上 特朗普发文", "2025-06-05", "none"),
    ("spaces", "拜登称习近平会面临国内压力", "2022-05-01", "none"),
    ("spaces", "习近平致电视台观众 特朗普发推文", "2025-06-05", "none"),
    ("spaces", "特朗普说有机会见习近平", "2025-04-20", "none"),
    ("spaces", "特朗普会见记者时谈到习近平", "2025-04-20", "none"),
    ("spaces", "特朗普接受访问时称习近平是朋友", "2025-04-20", "none"),
    ("spaces", "中美合作不可或缺 习近平与特朗普通话", "2025-06-05", f"{PHONE}/occurred"),
    ("spaces", "习近平与拜登就若干问题通电话", "2022-07-29", f"{PHONE}/occurred"),
    ("spaces", "特朗普与习近平将开始会谈", "2025-10-30", f"{MEET}/planned"),
    # Written out as mirrors and other outlets print them.
    ("form", "習近平(xí jìn píng)同川普(chuān pǔ)通電話", "2025-06-05", f"{PHONE}/occurred"),
    ("form", "习近平xi jinping同特朗普会晤", "2025-10-30", f"{MEET}/occurred"),
    ("form", "习近平同美国总统特朗普(Donald Trump)通电话", "2025-06-05", f"{PHONE}/occurred"),
    ("form", "ＡＰＥＣ峰会期间习近平会见拜登", "2023-11-16", f"{MEET}/occurred"),
    ("form", "G20峰会将在大阪举行 特朗普习近平出席", "2019-06-20", "none"),
    # A second round of the same classes, in other outlets' wording.
    ("meet", "习近平同美国总统拜登在巴厘岛举行会晤", "2022-11-14", f"{MEET}/occurred"),
    ("call", "习近平应约同美国总统奥巴马通电话", "2016-03-01", f"{PHONE}/occurred"),
    ("message", "习近平致电祝贺特朗普当选美国总统", "2016-11-10", f"{LETTER}/occurred"),
    ("message", "习近平就得州校园枪击事件向拜登致慰问电", "2022-05-26", f"{LETTER}/occurred"),
    ("meet", "习近平和彭丽媛同特朗普和梅拉尼娅茶叙", "2017-11-08", f"{MEET}/occurred"),
    ("compound", "中美元首会晤在海湖庄园举行", "2017-04-07", f"{MEET}/occurred"),
    ("compound", "中美元首会晤将在海湖庄园举行", "2017-04-01", f"{MEET}/planned"),
    ("meet", "特朗普称与习近平的会面非常成功", "2025-10-30", f"{MEET}/occurred"),
    ("future", "特朗普:下周与习近平通电话", "2025-09-12", f"{PHONE}/planned"),
    ("future", "消息人士:拜登习近平最快下月会面", "2023-10-01", f"{MEET}/planned"),
    ("meet", "习近平与拜登首次面对面会晤", "2022-11-14", f"{MEET}/occurred"),
    ("meet", "拜登与习近平结束会晤", "2023-11-15", f"{MEET}/occurred"),
    ("call", "美方发布拜登与习近平通话纪要", "2022-07-29", f"{PHONE}/occurred"),
    ("call", "习近平接到特朗普来电", "2020-03-27", f"{PHONE}/occurred"),
    ("denial", "特朗普拒绝与习近平通话", "2019-05-10", "none"),
    ("denial", "特朗普称不急于与习近平通话", "2025-02-05", "none"),
    ("hypothetical", "特朗普愿与习近平会面", "2025-04-01", "none"),
    ("future", "特朗普邀请习近平访美", "2025-11-25", f"{MEET}/planned"),
    ("future", "拜登希望尽快与习近平会晤", "2023-06-01", f"{MEET}/planned"),
    ("history", "美中元首通话后 美国务院发表声明", "2024-04-03", "none"),
    ("history", "习近平与拜登上次通话是在三月", "2022-06-01", "none"),
    ("history", "继旧金山会晤后 拜习再通话", "2024-04-02", f"{PHONE}/occurred"),
    ("compound", "拜习将通话 聚焦台湾", "2022-07-27", f"{PHONE}/planned"),
    ("compound", "川习会结束 川普称收获丰硕", "2025-10-30", f"{MEET}/occurred"),
    ("meet", "习近平与川普釜山会谈达成多项共识", "2025-10-30", f"{MEET}/occurred"),
    ("denial", "中方:习近平与特朗普近期没有通话安排", "2025-05-01", "none"),
    ("call", "特朗普称与习近平通过话", "2025-05-01", f"{PHONE}/occurred"),
    ("denial", "习近平同特朗普通电话的消息不实", "2025-05-01", "none"),
    ("commentary", "读者投书:川习会后台湾何去何从", "2025-11-01", "none"),
    ("commentary", "专访:前大使谈拜登与习近平会晤", "2023-11-20", "none"),
    ("role", "美国副总统万斯会见习近平 特朗普随后发文", "2025-09-01", "none"),
    ("role", "习近平同越南国家主席会谈 特朗普关注", "2025-04-14", "none"),
    ("role", "习近平同南非总统会谈 拜登缺席峰会", "2023-08-22", "none"),
    ("meet", "习近平会见美国总统特朗普", "2017-11-09", f"{MEET}/occurred"),
    ("meet", "会见特朗普总统时 习近平强调合作", "2017-11-09", f"{MEET}/occurred"),
    ("spaces", "习近平拜登会晤长达四小时", "2023-11-15", f"{MEET}/occurred"),
    ("call", "这是习近平与拜登今年第二次通话", "2022-07-29", f"{PHONE}/occurred"),
    ("message", "习近平与拜登互致贺电庆祝建交四十五周年", "2024-01-01", f"{LETTER}/occurred"),
    ("message", "习近平向拜登致贺电 祝贺其就任", "2021-01-25", f"{LETTER}/occurred"),
    ("call", "习近平同拜登通电话 强调台湾问题", "2021-02-11", f"{PHONE}/occurred"),
    ("call", "拜登就任后首次与习近平通电话", "2021-02-11", f"{PHONE}/occurred"),
    ("meet", "奥巴马同习近平在APEC期间举行会晤", "2014-11-12", f"{MEET}/occurred"),
    ("meet", "习近平出席G20峰会 与拜登会面", "2022-11-14", f"{MEET}/occurred"),
    ("future", "G20峰会期间特朗普将同习近平会晤", "2018-11-28", f"{MEET}/planned"),
    ("call", "特朗普与习近平的电话会谈持续一小时", "2025-06-05", f"{PHONE}/occurred"),
    ("video", "中美元首视频会晤", "2021-11-16", f"{VIDEO}/occurred"),
    ("video", "中美两国元首举行视频会晤", "2021-11-16", f"{VIDEO}/occurred"),
]  # fmt: skip

# Written in Traditional script with the words Taiwan and Hong Kong outlets use.
TRADITIONAL = [
    ("川普與習近平通電話 討論貿易", "2025-06-05", f"{PHONE}/occurred"),
    ("歐巴馬與習近平在加州莊園會晤", "2013-06-08", f"{MEET}/occurred"),
    ("拜登與習近平視訊會談三個半小時", "2021-11-16", f"{VIDEO}/occurred"),
    ("習近平致電川普 祝賀勝選", "2024-11-07", f"{LETTER}/occurred"),
    ("川習會登場前夕 美股走高", "2025-10-29", "none"),
    ("社評》川習會後的台海情勢", "2025-11-03", "none"),
    ("白宮否認川普與習近平通話", "2025-05-01", "none"),
    ("習近平會見美國國務卿 川普缺席", "2025-05-01", "none"),
]  # fmt: skip


@pytest.mark.parametrize("script", ["simplified", "traditional"])
@pytest.mark.parametrize(
    ("title", "published", "expected"),
    [pytest.param(t, p, e, id=f"{c}: {t}") for c, t, p, e in CASES],
)
def test_case(clf: Classifier, script: str, title: str, published: str, expected: str) -> None:
    if script == "traditional":
        title = TO_TRADITIONAL(title)
    got, evidence = reading(clf, title, "", published)
    assert got == expected, evidence


@pytest.mark.parametrize(("title", "published", "expected"), TRADITIONAL)
def test_traditional_wording(clf: Classifier, title: str, published: str, expected: str) -> None:
    got, evidence = reading(clf, title, "", published)
    assert got == expected, evidence


def test_every_class_has_several_cases() -> None:
    counts: dict[str, int] = {}
    for cls, *_ in CASES:
        counts[cls] = counts.get(cls, 0) + 1
    assert min(counts.values()) >= 3, counts


def test_the_two_heads_of_state_are_resolved_by_date(clf: Classifier) -> None:
    for published, us in (("2014-11-12", "Barack Obama"), ("2022-03-18", "Joe Biden"),
                          ("2025-06-05", "Donald Trump")):  # fmt: skip
        day = datetime.fromisoformat(published).replace(tzinfo=UTC)
        result = clf.classify(Document(title="中美元首通电话", published=day), NOW)
        assert result.leaders == [us, "Xi Jinping"]


def test_who_asked_for_the_call_is_kept_as_evidence(clf: Classifier) -> None:
    day = datetime(2022, 7, 28, tzinfo=UTC)
    doc = Document(title="习近平应约同美国总统拜登通电话", published=day)
    evidence = [(e.rule, e.text) for e in clf.classify(doc, NOW).evidence]
    assert ("requested_by:Joe Biden", "应约") in evidence
    doc = Document(title="拜登应约同习近平通电话", published=day)
    evidence = [(e.rule, e.text) for e in clf.classify(doc, NOW).evidence]
    assert ("requested_by:Xi Jinping", "应约") in evidence
    doc = Document(title="习近平同美国总统拜登通电话", published=day)
    assert not any(e.rule.startswith("requested_by:") for e in clf.classify(doc, NOW).evidence)


def test_the_original_text_is_left_as_it_was(clf: Classifier) -> None:
    title = "習近平同美國總統川普通電話"
    doc = Document(title=title, published=datetime(2025, 6, 5, tzinfo=UTC))
    result = clf.classify(doc, NOW)
    assert doc.title == title
    # Evidence quotes the normalised (Simplified) text.
    assert ("kind:phone_call/通电话", "通电话") in [(e.rule, e.text) for e in result.evidence]


def test_the_prefilter_and_topics_read_traditional_script(clf: Classifier) -> None:
    assert clf.mentions_leader("歐巴馬訪問上海")
    assert clf.mentions_leader("習主席出席論壇")
    assert not clf.mentions_leader("四川普通話推廣")
    assert clf.topics("兩國元首討論臺灣與關稅") == ["taiwan", "trade_tariffs"]


NORMALISED = [
    ("習近平與歐巴馬會晤", "习近平与欧巴马会晤"),
    ("ＡＰＥＣ峰會１２日舉行，習近平出席。", "APEC峰会12日举行,习近平出席。"),
    ("中美元首会晤在即！双方准备就绪？", "中国国家主席和美国总统会晤在即！双方准备就绪？"),
    ("习近平(xí jìn píng)讲话", "习近平讲话"),
    ("习(xí)近(jìn)平(píng)讲话", "习近平讲话"),
    ("习近平xi jinping讲话", "习近平讲话"),
    ("亚太经合组织(APEC)会议", "亚太经合组织会议"),
    ("特朗普(Donald Trump,又译川普)表示", "特朗普(Donald Trump,又译川普)表示"),
    ("习近平会见Apple CEO", "习近平会见Apple CEO"),
    ("习近平抵达白宫 与奥巴马出席晚宴", "习近平抵达白宫,与奥巴马出席晚宴"),
    ("川習會 登場", "川普和习近平会,登场"),
    ("川習通話 中美元首再通電話", "川普和习近平通话,中国国家主席和美国总统再通电话"),
]  # fmt: skip


RULE = ChineseRule(
    compounds={"中美元首": "中国国家主席和美国总统"},
    pairs={"川習": "川普和习近平"},  # keys in either script
    pair_words={"会": "会", "峰会": "会", "通话": "通话", "电话": "通话"},
)


@pytest.mark.parametrize(("raw", "expected"), NORMALISED)
def test_normalise(raw: str, expected: str) -> None:
    assert ChineseText(RULE).normalise(raw) == expected


def test_a_pair_of_names_is_written_out_only_before_a_word_of_contact() -> None:
    text = ChineseText(RULE)
    assert text.normalise("川习峰会 川习电话") == "川普和习近平会,川普和习近平通话"
    assert text.normalise("四川习俗展") == "四川习俗展"


def test_the_rule_file_reads_chinese_tables(tmp_path: Path) -> None:
    rules = load_rules(RULES)
    assert rules.chinese.pairs["川习"] == "川普和习近平"
    assert rules.chinese.compounds["中美元首"] == "中国国家主席和美国总统"
    bad = tmp_path / "rules.toml"
    bad.write_text(RULES.read_text(encoding="utf-8") + '\n[chinese.extra]\n"x" = "y"\n')
    with pytest.raises(RulesError, match="unknown key 'extra'"):
        load_rules(bad)
    text = RULES.read_text(encoding="utf-8").replace('"习特" = "习近平和特朗普"', '"习特" = 1')
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RulesError, match=r"chinese\.pairs") as err:
        load_rules(bad)
    assert err.value.line is not None
    assert '"习特" = 1' in text.splitlines()[err.value.line - 1]


def test_text_without_chinese_is_returned_unchanged() -> None:
    text = "Trump and Xi (xi jinping) spoke by phone — ＡＰＥＣ aside"
    assert not has_chinese("Trump and Xi spoke by phone")
    # Full-width letters count as text to normalise; plain English is the same object.
    plain = "Trump and Xi spoke by phone (xi jinping)"
    assert ChineseText().normalise(plain) is plain
    assert ChineseText().normalise(text) == "Trump and Xi (xi jinping) spoke by phone — APEC aside"
