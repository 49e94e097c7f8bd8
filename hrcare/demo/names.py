"""Japanese names for synthetic rosters: (kanji, romaji) pairs, romaji for e-mail addresses.

Family names roughly in national frequency order, with a few names common in the Tōkai
region; given names by birth cohort, because names changed a lot between the 1960s and the
2000s and a roster where a 60-year-old is called 陽翔 looks fake.
"""

from __future__ import annotations

Name = tuple[str, str]

FAMILY_NAMES: tuple[Name, ...] = (
    ("佐藤", "sato"), ("鈴木", "suzuki"), ("高橋", "takahashi"), ("田中", "tanaka"),
    ("伊藤", "ito"), ("渡辺", "watanabe"), ("山本", "yamamoto"), ("中村", "nakamura"),
    ("小林", "kobayashi"), ("加藤", "kato"), ("吉田", "yoshida"), ("山田", "yamada"),
    ("佐々木", "sasaki"), ("山口", "yamaguchi"), ("松本", "matsumoto"), ("井上", "inoue"),
    ("木村", "kimura"), ("林", "hayashi"), ("斎藤", "saito"), ("清水", "shimizu"),
    ("山崎", "yamazaki"), ("森", "mori"), ("池田", "ikeda"), ("橋本", "hashimoto"),
    ("阿部", "abe"), ("石川", "ishikawa"), ("山下", "yamashita"), ("中島", "nakajima"),
    ("石井", "ishii"), ("小川", "ogawa"), ("前田", "maeda"), ("岡田", "okada"),
    ("長谷川", "hasegawa"), ("藤田", "fujita"), ("後藤", "goto"), ("近藤", "kondo"),
    ("村上", "murakami"), ("遠藤", "endo"), ("青木", "aoki"), ("坂本", "sakamoto"),
    ("福田", "fukuda"), ("太田", "ota"), ("西村", "nishimura"), ("藤井", "fujii"),
    ("金子", "kaneko"), ("岡本", "okamoto"), ("藤原", "fujiwara"), ("中野", "nakano"),
    ("三浦", "miura"), ("原田", "harada"), ("中川", "nakagawa"), ("松田", "matsuda"),
    ("竹内", "takeuchi"), ("小野", "ono"), ("田村", "tamura"), ("中山", "nakayama"),
    ("和田", "wada"), ("石田", "ishida"), ("森田", "morita"), ("上田", "ueda"),
    ("原", "hara"), ("内田", "uchida"), ("柴田", "shibata"), ("酒井", "sakai"),
    ("宮崎", "miyazaki"), ("横山", "yokoyama"), ("高木", "takagi"), ("安藤", "ando"),
    ("宮本", "miyamoto"), ("大野", "ono"), ("小島", "kojima"), ("谷口", "taniguchi"),
    ("工藤", "kudo"), ("今井", "imai"), ("高田", "takada"), ("丸山", "maruyama"),
    ("増田", "masuda"), ("杉山", "sugiyama"), ("村田", "murata"), ("大塚", "otsuka"),
    ("平野", "hirano"), ("野口", "noguchi"), ("水野", "mizuno"), ("服部", "hattori"),
    ("杉浦", "sugiura"), ("浅井", "asai"), ("神谷", "kamiya"), ("河合", "kawai"),
)

# Given names by birth cohort: (male, female).
GIVEN_NAMES: dict[str, tuple[tuple[Name, ...], tuple[Name, ...]]] = {
    "before_1975": (
        (("浩", "hiroshi"), ("誠", "makoto"), ("隆", "takashi"), ("茂", "shigeru"),
         ("和彦", "kazuhiko"), ("健一", "kenichi"), ("修", "osamu"), ("正人", "masato"),
         ("秀樹", "hideki"), ("淳", "jun"), ("稔", "minoru"), ("聡", "satoshi"),
         ("哲也", "tetsuya"), ("勝", "masaru"), ("明", "akira"), ("浩二", "koji")),
        (("恵子", "keiko"), ("裕子", "yuko"), ("由美子", "yumiko"), ("久美子", "kumiko"),
         ("智子", "tomoko"), ("真由美", "mayumi"), ("洋子", "yoko"), ("直美", "naomi"),
         ("幸子", "sachiko"), ("明美", "akemi"), ("京子", "kyoko"), ("純子", "junko"),
         ("美穂", "miho"), ("典子", "noriko"), ("祐子", "yuko")),
    ),
    "1975_1989": (
        (("大輔", "daisuke"), ("拓也", "takuya"), ("健太", "kenta"), ("直樹", "naoki"),
         ("和也", "kazuya"), ("剛", "tsuyoshi"), ("達也", "tatsuya"), ("翔", "sho"),
         ("亮", "ryo"), ("雄太", "yuta"), ("慎也", "shinya"), ("誠", "makoto"),
         ("翼", "tsubasa"), ("洋平", "yohei"), ("崇", "takashi")),
        (("愛", "ai"), ("彩", "aya"), ("舞", "mai"), ("恵", "megumi"), ("沙織", "saori"),
         ("由佳", "yuka"), ("友美", "tomomi"), ("瞳", "hitomi"), ("香織", "kaori"),
         ("真美", "mami"), ("千尋", "chihiro"), ("麻衣", "mai"), ("絵美", "emi"),
         ("奈緒", "nao"), ("亜希子", "akiko")),
    ),
    "from_1990": (
        (("翔太", "shota"), ("大輝", "daiki"), ("拓海", "takumi"), ("蓮", "ren"),
         ("颯太", "sota"), ("陸", "riku"), ("悠斗", "yuto"), ("大翔", "hiroto"),
         ("海斗", "kaito"), ("湊", "minato"), ("陽翔", "haruto"), ("健太", "kenta"),
         ("駿", "shun"), ("涼", "ryo"), ("航", "wataru")),
        (("美咲", "misaki"), ("陽菜", "hina"), ("結衣", "yui"), ("さくら", "sakura"),
         ("葵", "aoi"), ("凛", "rin"), ("美優", "miyu"), ("七海", "nanami"),
         ("莉子", "riko"), ("彩花", "ayaka"), ("遥", "haruka"), ("芽衣", "mei"),
         ("真央", "mao"), ("花音", "kanon"), ("楓", "kaede")),
    ),
}


def cohort(birth_year: int) -> str:
    if birth_year < 1975:
        return "before_1975"
    if birth_year < 1990:
        return "1975_1989"
    return "from_1990"


def family_name_weights() -> list[float]:
    """Decreasing with rank, so 佐藤 and 鈴木 are common and 河合 is rare."""
    return [1.0 / (rank + 8) for rank in range(len(FAMILY_NAMES))]
