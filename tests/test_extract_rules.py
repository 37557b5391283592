"""One rule, one short article (own words): the event type and the sides the extractor must find."""

from __future__ import annotations

from datetime import date

import pytest

from tradewire.models import RawDocument
from tradewire.read.clean import clean

# Each text carries enough trade vocabulary and two countries to pass the trade gate.
CASES = [
    ("vowed retaliation is a threat",
     "China vowed to retaliate against the new U.S. tariffs on its steel exports, the commerce ministry said.",
     date(2025, 3, 5), "THREATEN", "CHN", "USA"),
    ("refused permission is a ban",
     "India's roads minister said on Wednesday that Chinese companies would not be allowed to bid for highway "
     "contracts, widening the trade curbs on China after the tariff dispute.",
     date(2020, 7, 2), "IMPOSE", "IND", "CHN"),
    ("taken off a white list is a restriction",
     "Japan removed South Korea from its white list of trusted trading partners, tightening export controls "
     "on chip materials and deepening the trade dispute over tariffs.",
     date(2019, 8, 2), "IMPOSE", "JPN", "KOR"),
    ("a decision belongs to its possessor",
     "Australia's prime minister criticised Washington's decision to impose 25 per cent tariffs on Australian "
     "steel, saying the duties were unjustified.",
     date(2025, 3, 12), "IMPOSE", "USA", "AUS"),
    ("condemning statements are accusations",
     '"Canada has ignored the facts and the WTO rules on tariffs," China\'s commerce ministry said of the new '
     "surtax on Chinese electric vehicles.",
     date(2024, 8, 27), "ACCUSE", "CHN", "CAN"),
    ("it in reported speech is the speaker",
     "The European Commission said it would suspend its countermeasures on U.S. goods for six months, easing "
     "the tariff dispute with the United States.",
     date(2025, 7, 28), "EASE", "EUR", "USA"),
    ("facing penalties makes the subject the target",
     "India will face further tariff penalties unless it halts its oil purchases, the U.S. president warned on "
     "Thursday, as trade talks between the United States and India stalled.",
     date(2025, 8, 8), "THREATEN", "USA", "IND"),
    ("one side agreeing to act pledges",
     "Japan agreed to open public procurement in its largest cities to European bidders under the trade "
     "agreement with the European Union, which cuts tariffs on wine.",
     date(2018, 7, 17), "PLEDGE", "JPN", "EUR"),
    ("a refused reversal is a rejection",
     "Chile's trade minister said Chile had no plans to reverse its decision on copper export duties, "
     "despite Peru's complaint about the tariff dispute.",
     date(2023, 5, 2), "REJECT", "CHL", "PER"),
    ("calling a measure an attack accuses",
     "Turkey called the American duties on its steel an attack on its economy, as trade tensions over "
     "tariffs grew between the two countries.",
     date(2018, 8, 14), "ACCUSE", "TUR", "USA"),
    ("a rejected accusation was still made",
     "Vietnam rejected accusations by Washington that it manipulates its currency to boost exports, as "
     "the tariff dispute between the two countries deepened.",
     date(2020, 12, 17), "ACCUSE", "USA", "VNM"),
    ("responding with countermeasures threatens",
     "Beijing has said it will respond with countermeasures if the European Union goes ahead with its "
     "tariffs on Chinese electric vehicles.",
     date(2024, 7, 5), "THREATEN", "CHN", "EUR"),
    ("keeping a measure in force imposes it",
     "Peru has kept its anti-dumping duties on Chinese steel bars since March, despite Beijing's "
     "complaints about the tariff.",
     date(2023, 9, 4), "IMPOSE", "PER", "CHN"),
    ("offering investment pledges",
     '"We will not retaliate, and Chilean companies will expand their investment in Peru," the Chilean '
     "president said, as the tariff dispute with Peru eased.",
     date(2023, 5, 2), "PLEDGE", "CHL", "PER"),
    ("requesting WTO consultations opens a dispute",
     "Brazil requested WTO consultations with China on Monday over its anti-dumping duties on Brazilian "
     "chicken, the foreign ministry said.",
     date(2024, 5, 10), "LITIGATE", "BRA", "CHN"),
    ("no intention of retaliating is a denied imposition by the one who has it",
     "Pretoria had no intention of retaliating against the U.S. tariffs on its steel, the South African "
     "trade minister said.",
     date(2025, 8, 8), "IMPOSE", "ZAF", "USA"),
    ("calling a move regrettable accuses",
     "U.S. Trade Representative Jamieson Greer called the Turkish move regrettable, as the tariff "
     "dispute with Turkey escalated.",
     date(2025, 5, 3), "ACCUSE", "USA", "TUR"),
    ("a decree's measures belong to the speaker's side",
     "ANKARA - The decree doubles duties on American cars to 120 percent and raises levies on tobacco, "
     "Trade Minister Omer Bolat said. The tariff dispute with the United States has deepened.",
     date(2025, 5, 3), "IMPOSE", "TUR", "USA"),
    ("a measure's announcer owns it when it is suspended",
     "The 46% duty on Vietnamese goods, announced by President Donald Trump on April 2, was suspended for 90 "
     "days on Wednesday, easing the trade dispute with Vietnam.",
     date(2025, 4, 10), "EASE", "USA", "VNM"),
    ("the signer of a tariff order imposes",
     "President Donald Trump signed an order that raises tariffs on Brazilian steel to 50 per cent, "
     "the White House said, escalating the trade dispute with Brazil.",
     date(2025, 7, 31), "IMPOSE", "USA", "BRA"),
    ("a verdict pinned on a measure is an accusation",
     "Norway's government branded Britain's new tariffs on Norwegian salmon \"deeply unfair\" on Monday, "
     "as the trade dispute over fish exports deepened.",
     date(2024, 2, 5), "ACCUSE", "NOR", "GBR"),
    ("a statement that an act lacks legal basis accuses",
     "Chile's foreign minister said Argentina's export duties on copper lacked any legal basis and would harm "
     "trade between the two countries.",
     date(2023, 9, 14), "ACCUSE", "CHL", "ARG"),
    ("complaining about a named side accuses",
     "The Thai commerce minister complained that Vietnam was stalling the tariff talks on rice exports, "
     "the trade ministry said.",
     date(2024, 4, 9), "ACCUSE", "THA", "VNM"),
    ("a province acts for its country",
     "Quebec Premier Francois Legault said the province could cut off aluminium exports to U.S. buyers "
     "if Washington raised its tariffs again.",
     date(2025, 3, 12), "THREATEN", "CAN", "USA"),
]


@pytest.mark.parametrize("name,text,published,etype,src,tgt", CASES, ids=[c[0] for c in CASES])
def test_rule(extractor, name, text, published, etype, src, tgt):
    art = clean(RawDocument(path="t", text=text, published=published))
    events = [e.model_dump(mode="json") for e in extractor.extract(art)]
    found = [e for e in events if e["type"] == etype and (e["source"] or {}).get("country") == src
             and (e["target"] or {}).get("country") == tgt]
    assert found, f"{name}: expected {etype} {src}->{tgt}, got " + str(
        [(e["type"], (e["source"] or {}).get("country"), (e["target"] or {}).get("country")) for e in events])


def test_coordinated_measures_are_separate_acts(extractor):
    text = ("Canada will impose a 100% surtax on electric vehicles made in China from Oct. 1 and a 25% tariff on "
            "Chinese steel and aluminium from Oct. 15, the finance minister said.")
    art = clean(RawDocument(path="t", text=text, published=date(2024, 8, 27)))
    imposes = [e for e in extractor.extract(art) if e.type == "IMPOSE"]
    assert sorted((e.rate_to, e.date) for e in imposes) == [(25.0, "2024-10-15"), (100.0, "2024-10-01")]


def test_agreeing_to_start_talks_is_an_agreement(extractor):
    text = ("Kenya and Tanzania agreed on Monday to start negotiations on a new tariff schedule for maize and "
            "sugar, the two trade ministries said in a joint statement.")
    art = clean(RawDocument(path="t", text=text, published=date(2024, 6, 4)))
    types = {e.type for e in extractor.extract(art)}
    assert "AGREE" in types


# Own words: (rule, text, published, the exact set of (accuser, accused) countries).
ACCUSERS = [
    # the parser hangs "calling" on the demanded clause ("Chile lift"); Peru is the one calling
    ("a participle after a comma speaks for the main subject",
     'Peru has demanded that Chile lift its new duties on avocado imports, calling the tariffs '
     '"plainly discriminatory".', date(2024, 10, 2), {("PER", "CHL")}),
    # "the government of Prime Minister X" is X's country, not the country named just before
    ("the government of a leader is the leader's country",
     "Colombia on Monday filed a WTO complaint over tariffs on its coffee, a day after Brazil took the same "
     "step, accusing the government of Prime Minister Narendra Modi of shielding Indian growers.",
     date(2024, 3, 4), {("COL", "IND")}),
]


@pytest.mark.parametrize("rule,text,published,expected", ACCUSERS, ids=[c[0] for c in ACCUSERS])
def test_accuser_and_accused(extractor, rule, text, published, expected):
    art = clean(RawDocument(path="t", text=text, published=published))
    accusations = {(e.source.country, e.target.country) for e in extractor.extract(art)
                   if e.type == "ACCUSE" and e.source and e.target}
    assert accusations == expected, rule


def test_not_hesitating_to_litigate_is_a_threat_not_a_denial(extractor):
    text = ("\"We will not hesitate to take Indonesia to the World Trade Organization if the nickel export ban "
            "stays,\" the EU trade commissioner said, as the tariff dispute between Brussels and Jakarta deepened.")
    art = clean(RawDocument(path="t", text=text, published=date(2019, 11, 22)))
    statuses = {e.status for e in extractor.extract(art) if e.type == "LITIGATE"}
    assert statuses and "denied" not in statuses


def test_a_condition_is_not_an_act(extractor):
    text = ("Brazil will face higher tariffs on its steel unless it halts its imports of Chinese ore, the U.S. "
            "trade representative warned on Tuesday.")
    art = clean(RawDocument(path="t", text=text, published=date(2025, 6, 4)))
    events = extractor.extract(art)
    assert not [e for e in events if e.target and e.target.country == "CHN"]
    assert [e for e in events if e.type == "THREATEN" and e.target and e.target.country == "BRA"]


def test_background_clause_keeps_its_goods(extractor):
    text = ("Canada on Friday imposed 25 per cent tariffs on American appliances, after the U.S. president "
            "warned two days earlier that duties on Canadian steel could double.")
    art = clean(RawDocument(path="t", text=text, published=date(2025, 3, 14)))
    events = extractor.extract(art)
    imp = [e for e in events if e.type == "IMPOSE"]
    threat = [e for e in events if e.type == "THREATEN"]
    assert imp and imp[0].products == ["appliances"]
    assert threat and threat[0].date == "2025-03-12" and threat[0].source.country == "USA"


def test_removal_and_coordinated_cuts(extractor):
    text = ("Under the deal, Peru will scrap its 12% tariff on Korean cars and phase out duties on Korean "
            "steel over ten years, while Korea will cut its tariff on Peruvian grapes to zero.")
    art = clean(RawDocument(path="t", text=text, published=date(2024, 5, 2)))
    eases = {(e.source.country, tuple(e.products)): (e.rate_from, e.rate_to)
             for e in extractor.extract(art) if e.type == "EASE"}
    assert eases.get(("PER", ("cars",))) == (12.0, 0.0)
    assert eases.get(("KOR", ("grapes",))) == (None, 0.0)


def test_an_undated_promise_of_measures_is_a_threat_made_that_day(extractor):
    text = ("China's commerce ministry said on Tuesday that Beijing would take all necessary measures against "
            "Canada's new tariffs on Chinese electric vehicles.")
    art = clean(RawDocument(path="t", text=text, published=date(2024, 8, 28)))
    threats = [e for e in extractor.extract(art) if e.type == "THREATEN"]
    assert threats and threats[0].status == "occurred" and threats[0].date == "2024-08-27"


def test_a_proposal_that_would_take_effect_keeps_its_day(extractor):
    text = ("Chile's government sent Congress a proposal to raise tariffs on Chinese steel to 30%. If approved, "
            "the higher duties would take effect on Jan. 1, the finance ministry said.")
    art = clean(RawDocument(path="t", text=text, published=date(2025, 9, 26)))
    dated = [e for e in extractor.extract(art) if e.type in ("IMPOSE", "THREATEN") and e.date]
    assert any(e.date == "2026-01-01" for e in dated)


def test_goods_of_the_answered_measure_stay_out(extractor):
    text = ("Turkey raised tariffs on American cars in retaliation for U.S. duties on its steel, the trade "
            "minister said.")
    art = clean(RawDocument(path="t", text=text, published=date(2025, 5, 3)))
    imp = [e for e in extractor.extract(art) if e.type == "IMPOSE" and e.source.country == "TUR"]
    assert imp and "steel" not in imp[0].products


def _extract(extractor, text, published):
    return extractor.extract(clean(RawDocument(path="t", text=text, published=published)))


# Own words: (rule, text, published, types that must NOT be found).
ABSENT = [
    ("raising an issue with a minister is talk, not a tariff hike",
     "Canada's trade minister said she would raise the steel tariffs with Commerce Secretary Howard Lutnick "
     "when they meet in Washington next week.", date(2025, 3, 12), {"IMPOSE"}),
    ("announcing a clause is not itself an imposition",
     "Kenya's trade ministry announced on Friday that talks with Tanzania on maize tariffs would resume next "
     "month.", date(2024, 6, 7), {"IMPOSE"}),
    ("a call on a day between ministers is talks, not a demand",
     "Vietnam and Thailand agreed to review rice tariffs after a call on Tuesday between trade minister Nguyen "
     "Hong Dien and Thai commerce minister Phumtham Wechayachai, the trade ministries said.",
     date(2024, 5, 9), {"DEMAND"}),
    ("a cabinet meeting alone is not talks",
     "Canada's prime minister accused China of dumping cheap steel and vowed tariffs, speaking in Halifax, "
     "where his cabinet was meeting to discuss the trade dispute with Beijing.", date(2024, 8, 27), {"CONSULT"}),
    ("an act hoped for from another side is none",
     "Seoul expects Washington to keep the tariff on Korean cars at 15 per cent after the trade deal, the "
     "industry minister said.", date(2026, 2, 13), {"IMPOSE", "THREATEN"}),
]


@pytest.mark.parametrize("rule,text,published,absent", ABSENT, ids=[c[0] for c in ABSENT])
def test_not_an_event_of_these_types(extractor, rule, text, published, absent):
    assert not [e.type for e in _extract(extractor, text, published) if e.type in absent], rule


# Own words: (rule, text, published, a type that must be found, sides not checked).
PRESENT = [
    ("lodging a protest accuses",
     "Japan's government lodged a protest with Seoul over the new export curbs, as the trade dispute between "
     "the two countries deepened.", date(2024, 5, 10), "ACCUSE"),
    ("blasting a measure accuses",
     "Brazil's president blasted the U.S. tariffs on Brazilian steel as blackmail, deepening the trade dispute "
     "with Washington.", date(2024, 5, 10), "ACCUSE"),
    ("concluding negotiations on a pact is an agreement",
     "Chile and Thailand concluded negotiations on a free trade agreement on Tuesday that will remove tariffs "
     "on fruit and rice, the two trade ministries said.", date(2024, 5, 10), "AGREE"),
    ("no plans to lift is a rejection",
     "Vietnam said it had no plans to lift its tariffs on American chicken, despite pressure from Washington "
     "in the trade dispute.", date(2024, 5, 10), "REJECT"),
]


@pytest.mark.parametrize("rule,text,published,etype", PRESENT, ids=[c[0] for c in PRESENT])
def test_an_event_of_this_type(extractor, rule, text, published, etype):
    assert etype in {e.type for e in _extract(extractor, text, published)}, rule



def test_a_share_of_trade_is_not_a_rate(extractor):
    text = ("Under the agreement, the United Kingdom will eliminate tariffs on 99 per cent of Indian exports, "
            "including textiles and footwear, the commerce ministry of India said.")
    eases = [e for e in _extract(extractor, text, date(2025, 5, 6)) if e.type == "EASE"]
    assert eases and eases[0].source.country == "GBR" and eases[0].rate_to is None


def test_both_partners_of_talks_are_named(extractor):
    text = ("SEOUL - Industry Minister Kim Jung-kwan will travel to Washington next week for talks with Lutnick and "
            "Trade Representative Jamieson Greer on the tariff dispute. Commerce Secretary Howard Lutnick said on "
            "Monday that tariffs on Korean cars would rise.")
    talks = [e for e in _extract(extractor, text, date(2026, 2, 13)) if e.type == "CONSULT"]
    names = {p.name for e in talks for p in e.participants}
    assert {"Kim Jung-kwan", "Howard Lutnick", "Jamieson Greer"} <= names
