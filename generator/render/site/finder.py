"""The finder's data: what debtors say, compact enough to ship with the page.

Two scripts (not JSON to fetch) so that the finder works from file:// with no server:
``finder-index.js`` is what is matched (ID, title, category, the canonical phrase and its
variants); ``finder-answers.js`` holds the first response of each objection, shown inline
for the top hits. Matching happens in the browser (finder.js) on character unigrams and
bigrams weighted by rarity, plus the taxonomy's synonym groups, so colloquial wording that
is not verbatim in the library still finds the right objection. A query typed in traditional
characters is folded to simplified ones first: the index carries the pairs (``TRADITIONAL``)
whose simplified character it uses, a few hundred bytes whatever the library's size.

The index's texts are written in a character code (``CharacterCode``): a Chinese character
costs three bytes in UTF-8, but the objections use a few hundred distinct characters, so
each becomes one or two printable ASCII symbols, the most frequent ones a single symbol.
That halves the index a collector's browser loads; finder.js decodes it once on load.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from generator.model import Library
from generator.render.site.pages import SiteOptions, relative

FINDER_PAGE = "finder/index.md"
FIELDS = ["id", "title", "category", "says"]
ENCODED_FIELDS = ["title", "says"]
PHRASE_SEPARATOR = "|"  # between the canonical phrase and the variants in "says"

# Traditional characters a collector may type, each followed by its simplified form.
TRADITIONAL = (
    "們们 沒没 說说 這这 個个 錢钱 還还 來来 給给 發发 髮发 賬账 帳账 麼么 麽么 過过 對对 點点 別别 務务 貨货 "
    "時时 頭头 財财 寫写 經经 間间 問问 裡里 裏里 單单 辦办 資资 應应 後后 週周 邊边 兩两 電电 話话 約约 業业 "
    "壓压 銀银 額额 隻只 審审 會会 訴诉 現现 題题 質质 係系 繫系 掛挂 萬万 幾几 結结 責责 總总 簽签 誰谁 誤误 "
    "換换 數数 轉转 遊游 嗎吗 統统 張张 價价 貸贷 負负 離离 職职 違违 驗验 讓让 煩烦 樣样 錯错 緩缓 緊紧 歸归 "
    "筆笔 聯联 領领 導导 採采 購购 為为 爲为 減减 慣惯 長长 於于 從从 著着 費费 書书 顯显 當当 計计 國国 況况 "
    "實实 複复 復复 認认 憑凭 蓋盖 議议 損损 罵骂 東东 滾滚 請请 兒儿 規规 聽听 稅税 專专 項项 難难 顧顾 談谈 "
    "陣阵 賠赔 壞坏 隨随 終终 衝冲 沖冲 圖图 處处 塊块 續续 動动 卻却 員员 標标 準准 協协 體体 產产 線线 罰罚 "
    "擔担 齊齐 倉仓 庫库 亂乱 馬马 湊凑 夾夹 撥拨 氣气 監监 號号 廢废 補补 備备 註注 欄栏 稱称 較较 籠笼 盤盘 "
    "證证 墊垫 運运 裝装 進进 決决 關关 檢检 測测 無无 郵邮 擺摆 態态 嚇吓 愛爱 挾挟 訂订 劉刘 剛刚 調调 遲迟 "
    "匯汇 彙汇 優优 斷断 條条 脫脱 爭争 討讨 戶户 開开 鏈链 禮礼 貴贵 廠厂 虧亏 賺赚 賣卖 買买 車车 寬宽 際际 "
    "濟济 營营 層层 閉闭 漲涨 擾扰 騷骚 網网 鬧闹 傳传 縮缩 預预 夠够 報报 幣币 階阶 適适 選选 擇择 確确 據据 "
    "錄录 護护 險险 銷销 績绩 納纳 債债 閒闲 講讲 幫帮 識识 鐘钟 級级 廳厅 聞闻 紀纪 師师 觀观 親亲 義义 歡欢 "
    "樂乐 麵面 勞劳 術术 擬拟 戲戏 緣缘 貼贴 貿贸 賒赊 賴赖 騙骗 詐诈 邏逻 輯辑 輕轻 鬆松 讀读 記记 憶忆 紙纸 "
    "頁页 遞递 託托 啟启 閱阅 頓顿 類类 雙双 須须 鬥斗 勁劲 擊击 嘆叹 嚴严 厲厉 臉脸 騰腾 擋挡 攔拦 搶抢 擠挤 "
    "揮挥 傷伤 憂忧 慮虑 雜杂 亞亚 樓楼 廣广 區区 戰战 歲岁 盡尽 機机 構构 權权 飯饭 撐撑 陸陆 遠远 歷历 曆历 "
    "將将 頻频 繳缴 執执 綁绑 棄弃 滿满 滯滞 豐丰 參参 與与 舉举 餘余 兌兑 貶贬 漁渔 驚惊 憐怜 惡恶 見见 覺觉 "
    "視视 種种 誒诶 噯嗳 囉啰 罷罢 喲哟 辭辞 該该 謝谢 幹干 乾干 窮穷 貪贪 頂顶 攤摊 鎖锁 吶呐"
)

# Printable ASCII that a JSON string holds without escaping: the code's symbols.
ALPHABET = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\')


@dataclass(frozen=True)
class CharacterCode:
    """A code for a fixed set of characters, fitted to how often each one occurs.

    The ``single`` most frequent characters are one symbol each; every other symbol value
    leads a pair, so ``single + (len(alphabet) - single) * len(alphabet)`` characters fit.
    ``single`` is as large as the number of distinct characters allows."""

    chars: str  # every character the texts use, most frequent first
    single: int
    alphabet: str = ALPHABET
    _codes: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        size = len(self.alphabet)
        codes = {}
        for rank, char in enumerate(self.chars):
            if rank < self.single:
                codes[char] = self.alphabet[rank]
            else:
                lead, rest = divmod(rank - self.single, size)
                codes[char] = self.alphabet[self.single + lead] + self.alphabet[rest]
        object.__setattr__(self, "_codes", codes)

    @classmethod
    def fit(cls, texts: list[str], alphabet: str = ALPHABET) -> CharacterCode | None:
        """The code for these texts, or None if they use more characters than pairs can hold."""
        counts = Counter(chain.from_iterable(texts))
        size = len(alphabet)
        if len(counts) > size * size:
            return None
        single = min(size, (size * size - len(counts)) // (size - 1))
        return cls("".join(sorted(counts, key=lambda c: (-counts[c], c))), single, alphabet)

    def encode(self, text: str) -> str:
        return "".join(map(self._codes.__getitem__, text))

    def decode(self, code: str) -> str:
        size, value = len(self.alphabet), {s: i for i, s in enumerate(self.alphabet)}
        out, symbols = [], iter(code)
        for symbol in symbols:
            rank = value[symbol]
            if rank >= self.single:
                rank = self.single + (rank - self.single) * size + value[next(symbols)]
            out.append(self.chars[rank])
        return "".join(out)

    def describe(self, fields: list[str]) -> dict:
        """What finder.js needs to decode the named fields."""
        return {"fields": fields, "alphabet": self.alphabet, "chars": self.chars, "single": self.single}


def script(name: str, data: object) -> str:
    """A script that sets window.<name> to the data (a script, not JSON: file:// cannot fetch)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{name}=" + text.replace("</", "<\\/") + ";\n"


def finder_data(library: Library, options: SiteOptions) -> dict:
    """The finder's index with its texts in plain characters."""
    categories = [c["id"] for c in library.terms("objection_categories")]
    items = []
    for entry in library.of_kind("objection"):
        data = entry.data
        items.append([entry.id, data["title"], categories.index(data["category"]),
                      PHRASE_SEPARATOR.join([data["says"], *data["variants"]])])
    url = relative(FINDER_PAGE, "objections/ID.md", options)
    names = [c["name"] for c in library.terms("objection_categories")]
    synonyms = library.taxonomy.get("synonyms", [])
    used = set("".join([*names, *chain.from_iterable(synonyms), *(item[1] + item[3] for item in items)]))
    return {"fields": FIELDS, "url": url, "categories": names, "synonyms": synonyms,
            "folds": "".join(pair for pair in TRADITIONAL.split() if pair[1] in used), "items": items}


def compact(data: dict, alphabet: str = ALPHABET) -> dict:
    """The index with its texts in a character code fitted to them (unchanged if none fits)."""
    columns = [data["fields"].index(name) for name in ENCODED_FIELDS]
    code = CharacterCode.fit([item[i] for item in data["items"] for i in columns], alphabet)
    if code is None:
        return data
    items = [[code.encode(value) if i in columns else value for i, value in enumerate(item)]
             for item in data["items"]]
    return {**data, "items": items, "codec": code.describe(ENCODED_FIELDS)}


def finder_answers(library: Library) -> dict[str, str]:
    return {e.id: e.data["responses"][0]["lines"][0] for e in library.of_kind("objection")}


def finder_scripts(library: Library, options: SiteOptions) -> dict[str, str]:
    return {"finder-index.js": script("HK_FINDER", compact(finder_data(library, options))),
            "finder-answers.js": script("HK_ANSWERS", finder_answers(library))}
