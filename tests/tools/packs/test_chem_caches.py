"""The chem pack's cached tables answer exactly as the libraries they replace: mendeleev's Element
methods (computed now or read from the disk cache), the chemicals identifier database (the package's
dictionaries or the SQLite snapshot), mendeleev's tables read with sqlite3.
"""

from __future__ import annotations

import json
import threading

import pytest

from packs_util import require_packs

require_packs("chem")

from dive.tools.packs.chem import _chemicals_db, _element_data, elements  # noqa: E402


def _wait_for_cache_threads() -> None:
    for thread in threading.enumerate():
        if thread.name.startswith("dive-cache-"):
            thread.join(timeout=300)


@pytest.fixture
def cache_home(tmp_path, monkeypatch: pytest.MonkeyPatch):  # noqa: ANN001, ANN201
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _element_data._table.cache_clear()
    _element_data._computed.cache_clear()
    yield tmp_path
    _wait_for_cache_threads()
    _element_data._table.cache_clear()
    _element_data._computed.cache_clear()


def test_element_values_computed_and_cached_agree(cache_home) -> None:  # noqa: ANN001
    cold = {s: _element_data.element_data(s) for s in ("H", "Fe", "Gd", "Og")}
    assert _element_data.element_data("Xx") is None
    _wait_for_cache_threads()  # the first lookup found no table and had a thread build it
    assert list(cache_home.rglob("mendeleev-element-methods-*.json"))
    _element_data._table.cache_clear()
    warm = {s: _element_data.element_data(s) for s in cold}
    assert _element_data._table() is not None and warm == cold
    fe = warm["Fe"]
    assert fe is not None and fe.atomic_number == 26 and (4, "s") in fe.subshells
    assert fe.electronegativity["pauling"] == [True, 1.83] and fe.ions[3][:2] == ["1s2 2s2 2p6 3s2 3p6 3d5", 5]


def test_element_values_match_mendeleev() -> None:
    from mendeleev import element

    fe = element("Fe")
    data = _element_data._computed.__wrapped__("Fe")
    assert data is not None and data.subshells == list(fe.ec.conf)
    assert data.zeff["clementi"]["3d"] == [True, fe.zeff(n=3, o="d", method="clementi")]
    assert data.ions[2] == [str(fe.ec.ionize(2)), fe.ec.ionize(2).unpaired_electrons(),
                            fe.ec.ionize(2).spin_only_magnetic_moment()]


def test_tables_read_as_mendeleev_reads_them() -> None:
    from mendeleev.fetch import fetch_table

    for name in ("elements", "isotopes", "ionicradii"):
        ours, theirs = elements.table.__wrapped__(name), fetch_table(name)
        assert ours.equals(theirs) and list(ours.dtypes) == list(theirs.dtypes)


def test_snapshot_indexes_match_the_package(tmp_path) -> None:  # noqa: ANN001
    from chemicals.identifiers import ChemicalMetadataDB

    db = ChemicalMetadataDB(main_db=None)  # the small files only: quick, and the same code path
    path = tmp_path / "ids.sqlite"
    _chemicals_db._write(db, path)
    assert _chemicals_db._valid(path)
    snapshot = _chemicals_db._Snapshot(_chemicals_db._open(path))
    for name in _chemicals_db.INDEXES:
        index, theirs = _chemicals_db._Index(snapshot, name), getattr(db, name)
        keys = [k for k in list(theirs)[::97] if k is not None]
        assert index and keys
        for key in keys:
            assert key in index and index[key] == theirs[key]
    names = _chemicals_db._Index(snapshot, "name_index")
    for missing in ("no such chemical", "\ud800", 10**30, "WATER"):
        assert missing not in names
    assert "water" in names and names["water"].CASs == "7732-18-5"
    assert json.loads(snapshot.conn.execute("SELECT synonyms FROM records LIMIT 1").fetchone()[0])
