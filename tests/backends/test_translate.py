"""Translation backends: language codes, given files, HF seq2seq on tiny local models, cache."""

from __future__ import annotations

import pytest

from tiny_seq2seq import tiny_dir, tiny_seq2seq
from xproj_core import registry
from xproj_core.errors import BackendUnavailable, ConfigError, InputError
from xproj_core.translate import Translator, langcodes
from xproj_core.translate.cache import CachedTranslator, KVCache
from xproj_core.translate.given import GivenTranslator
from xproj_core.translate.text import detokenize, tokenize


# -- language codes ------------------------------------------------------------------------
@pytest.mark.parametrize("lang, code", [("sw", "swh_Latn"), ("swa", "swh_Latn"), ("en", "eng_Latn"),
                                        ("zh", "zho_Hans"), ("zh-Hant", "zho_Hant"), ("ar", "arb_Arab"),
                                        ("yor", "yor_Latn"), ("deu_Latn", "deu_Latn"), ("fa", "pes_Arab")])
def test_langcodes_nllb(lang, code):
    assert langcodes.nllb_code(lang) == code


@pytest.mark.parametrize("lang, code", [("deu", "de"), ("swh_Latn", "sw"), ("en", "en"), ("nso", "ns"), ("ara", "ar")])
def test_langcodes_m2m100(lang, code):
    assert langcodes.m2m100_code(lang) == code


def test_langcodes_unknown_language_is_config_error():
    with pytest.raises(ConfigError):
        langcodes.nllb_code("pcm")  # Nigerian Pidgin is not in NLLB-200
    with pytest.raises(ConfigError) as err:
        langcodes.m2m100_code("twi")
    assert "valid" in str(err.value)


def test_langcodes_table_is_well_formed():
    assert len(langcodes.NLLB_CODES) == len(set(langcodes.NLLB_CODES)) >= 200
    assert len(langcodes.M2M100_CODES) == 100
    assert langcodes.marian_candidates("de")[0] == ">>deu<<"


def test_text_detokenize_and_tokenize():
    assert detokenize(["Hello", ",", "world", "!"], "en") == "Hello, world!"
    assert detokenize(["東京", "に", "行く"], "ja") == "東京に行く"
    assert tokenize("Hello, world!", "en") == ["Hello", ",", "world", "!"]
    assert tokenize("東京に", "ja") == ["東", "京", "に"]


# -- given translations ----------------------------------------------------------------------
def test_given_lookup_and_positional(tmp_path):
    f = tmp_path / "t.tsv"
    f.write_text("Hello world\tHallo Welt\nBye\tTschüss\n", encoding="utf-8")
    tr = GivenTranslator(f)
    assert isinstance(tr, Translator)
    assert tr.translate(["Bye", "Hello world"], "en", "de") == ["Tschüss", "Hallo Welt"]
    with pytest.raises(InputError, match="no translation"):
        tr.translate(["unknown"], "en", "de")
    g = tmp_path / "t.txt"
    g.write_text("eins\nzwei\n", encoding="utf-8")
    tr = registry.resolve("translator", f"given:{g}")
    assert tr.translate(["one", "two"], "en", "de") == ["eins", "zwei"]
    with pytest.raises(InputError, match="2 translations"):
        tr.translate(["one"], "en", "de")
    with pytest.raises(InputError, match="not found"):
        GivenTranslator(tmp_path / "missing.txt")


# -- HF seq2seq ---------------------------------------------------------------------------------
@pytest.mark.parametrize("family", ["nllb", "m2m100", "marian"])
def test_hf_translate_runs_on_tiny_models(family):
    m = tiny_seq2seq(family)
    assert m.family == family
    from xproj_core.translate.hf import HFTranslator

    tr = HFTranslator(m, batch_size=2, max_new_tokens=5)
    out = tr.translate(["The European Parliament .", "Nairobi", "Angela Merkel visited Paris ."], "en", "de")
    assert len(out) == 3 and all(isinstance(t, str) for t in out)
    assert tr.translate([], "en", "de") == []


def test_hf_language_codes_and_errors():
    nllb = tiny_seq2seq("nllb")
    assert nllb.source_ids(["Nairobi"], "sw", "en")[0][0] == nllb._vocab["swh_Latn"]
    assert nllb.source_ids(["Nairobi"], "sw", "en")[0][-1] == nllb.eos
    assert nllb.decoder_prefix("de") == [nllb.decoder_start, nllb._vocab["deu_Latn"]]
    with pytest.raises(ConfigError, match="eng_Latn"):  # the error lists the model's own codes
        nllb.lang_id("it")  # a real code the tiny model lacks
    m2m = tiny_seq2seq("m2m100")
    assert m2m.source_ids(["x"], "swh", "en")[0][0] == m2m._vocab["__sw__"]
    marian = tiny_seq2seq("marian")
    assert marian.source_ids(["x"], "en", "de")[0][0] == marian._vocab[">>deu<<"]
    with pytest.raises(ConfigError):
        marian.lang_id("sw")


def test_hf_bilingual_marian_checks_pair():
    from xproj_core.translate.hf import HFTranslator

    tr = registry.resolve("translator", f"hf:{tiny_dir('marian-bilingual')}", device="cpu", max_new_tokens=3)
    assert isinstance(tr, HFTranslator) and tr.family == "marian"
    assert len(tr.translate(["Hello"], "en", "de")) == 1
    with pytest.raises(ConfigError, match="target language"):
        tr.translate(["Hello"], "en", "fr")


def test_hf_missing_model_is_backend_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(BackendUnavailable, match="does not exist"):
        registry.resolve("translator", f"hf:{tmp_path / 'nope'}")
    with pytest.raises(BackendUnavailable, match="HF_HUB_OFFLINE"):
        registry.resolve("translator", "hf:xproj-test/no-such-model-anywhere")


# -- cache --------------------------------------------------------------------------------------
class CountingTranslator:
    name = "count"

    def __init__(self):
        self.seen: list[str] = []

    def translate(self, texts, src_lang, tgt_lang):
        self.seen += list(texts)
        return [f"{tgt_lang}:{t[::-1]}" for t in texts]


def test_cache_persists_and_keys_by_languages(tmp_path):
    inner = CountingTranslator()
    tr = CachedTranslator(inner, tmp_path / "c")
    assert tr.translate(["ab", "cd", "ab"], "en", "de") == ["de:ba", "de:dc", "de:ba"]
    assert inner.seen == ["ab", "cd"]  # duplicates translated once
    again = CachedTranslator(inner, KVCache(tmp_path / "c"))  # a new process would see the same file
    assert again.translate(["cd", "ab"], "en", "de") == ["de:dc", "de:ba"]
    assert inner.seen == ["ab", "cd"] and again.hits == 2 and again.misses == 0
    assert again.translate(["ab"], "en", "fr") == ["fr:ba"]  # other language pair: a miss
    assert inner.seen[-1] == "ab" and again.misses == 1


def test_cache_wraps_hf_translator(tmp_path):
    m = tiny_seq2seq("nllb")
    tr = registry.resolve("translator", f"hf:{tiny_dir('nllb')}", cache=tmp_path, device="cpu", max_new_tokens=4)
    first = tr.translate(["Nairobi ."], "en", "sw")
    assert tr.misses == 1
    assert tr.translate(["Nairobi ."], "en", "sw") == first and tr.hits == 1
    assert m.family == "nllb"


def test_langcodes_cover_the_papers_datasets():
    def has(fn, lang):
        try:
            return bool(fn(lang))
        except ConfigError:
            return False

    masakha = "bam bbj ewe fon hau ibo kin lug luo mos nya pcm sna swa tsn twi wol xho yor zul".split()
    assert [l for l in masakha if not has(langcodes.nllb_code, l)] == ["bbj", "pcm"]  # see docs/MODELS.md
    panx = ("af ar bg bn de el en es et eu fa fi fr he hi hu id it ja jv ka kk ko ml mr ms my nl pt ru sw ta te th "
            "tl tr ur vi yo zh").split()
    assert all(has(langcodes.nllb_code, l) for l in panx)


def test_hf_truncation_is_reported():
    from xproj_core.translate.hf import HFTranslator

    tr = HFTranslator(tiny_seq2seq("nllb"), max_length=4, max_new_tokens=2)
    with pytest.warns(UserWarning, match="1 of 2 texts exceed 4 tokens"):
        tr.translate(["Nairobi", "Angela Merkel visited Nairobi and Dar es Salaam ."], "en", "sw")
