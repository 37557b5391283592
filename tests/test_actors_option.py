"""People added with `--actors`: sources of events, and persons for fusion (issue 8, items 6-7)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from typer.testing import CliRunner

from tradewire.cli import app
from tradewire.models import Actor, Article, Event
from tradewire.record import after_ingest
from tradewire.record.features import is_person, load_events
from tradewire.store import open_store, schema

NEW_PEOPLE = """\
- id: kor_test_ryu
  name: Ryu Seon-woo
  aliases: [Ryu Seon woo]
  surname: Ryu
  country: KOR
  kind: GOV
  roles:
    - {role: trade_minister, title: Trade Minister, start: 2027-01-02, end: null}
- id: kor_test_bae
  name: Bae Ji-hoon
  surname: Bae
  country: KOR
  kind: GOV
  roles:
    - {role: industry_minister, title: Industry Minister, start: 2027-01-02, end: null}
"""

THREAT = ("South Korean Trade Minister Ryu Seon-woo threatened on Tuesday to impose tariffs on Japanese steel, "
          "saying Tokyo had ignored repeated complaints about dumping in regional export markets.")


def test_a_person_from_an_actors_file_becomes_the_source(tmp_path):
    people = tmp_path / "people.yaml"
    people.write_text(NEW_PEOPLE, encoding="utf-8")
    story = tmp_path / "ryu.txt"
    story.write_text(THREAT, encoding="utf-8")
    db = str(tmp_path / "t.db")
    res = CliRunner().invoke(app, ["ingest", str(story), "--db", db, "--published", "2027-03-03", "--actors", str(people)])
    assert res.exit_code == 0, res.output
    store = open_store(db)
    e, ea, ac = schema.events, schema.event_actors, schema.actors
    with store.engine.connect() as conn:
        rows = conn.execute(select(e.c.type, ea.c.role, ac.c.key, ac.c.name, ac.c.country)
                            .join(ea, ea.c.event_id == e.c.id).join(ac, ac.c.id == ea.c.actor_id)).all()
        [ev] = [x for x in load_events(conn, list(conn.execute(select(e.c.id)).scalars())) if x.type == "THREATEN"]
    assert ("THREATEN", "source", "kor_test_ryu", "Ryu Seon-woo", "KOR") in rows
    assert ev.persons == {"KOR": frozenset({"Ryu Seon-woo"})}


def _talks(person: Actor, us: Actor, outlet: str, i: int) -> tuple[Article, list[Event]]:
    text = f"{person.name} met {us.name} in Washington on Thursday to discuss car tariffs ({outlet} report {i})."
    art = Article(id=f"t{i}", text=text, outlet=outlet, published=date(2027, 3, 5), title=f"Talks {i}")
    return art, [Event(type="CONSULT", participants=[person, us], date="2027-03-04", evidence=[text], confidence=0.8)]


def test_people_unknown_to_the_packaged_kb_keep_two_talks_apart(tmp_path):
    """Ryu-Lutnick and Bae-Lutnick talks on the same day are two acts: the new ministers are people."""
    lutnick = Actor(name="Howard Lutnick", country="USA", kind="GOV", id="usa_lutnick_howard")
    ryu = Actor(name="Ryu Seon-woo", country="KOR", kind="GOV", id="kor_test_ryu")
    bae = Actor(name="Bae Ji-hoon", country="KOR", kind="GOV", id="kor_test_bae")
    assert is_person("kor_test_ryu", "Ryu Seon-woo") and is_person("usa_lutnick_howard", "Howard Lutnick")
    assert not is_person("country:KOR", "South Korea") and not is_person("kor_national_assembly", "National Assembly")
    store = open_store(str(tmp_path / "t.db"))
    for i, (who, outlet) in enumerate([(ryu, "Korea Wire"), (bae, "Seoul Daily"), (ryu, "Pacific Wire")]):
        art, events = _talks(who, lutnick, outlet, i)
        store.save(art, events)
        after_ingest(store, art)
    with store.engine.connect() as conn:
        canon = conn.execute(select(schema.canonical_events.c.title, schema.canonical_events.c.n_articles)).all()
    assert sorted(n for _, n in canon) == [1, 2]          # Ryu's talks reported twice, Bae's once
    assert any("Ryu Seon-woo" in t and n == 2 for t, n in canon)
    assert any("Bae Ji-hoon" in t and n == 1 for t, n in canon)
