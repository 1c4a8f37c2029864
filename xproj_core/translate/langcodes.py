"""Language codes: ISO 639-1/639-3 (optionally ``-Script``) -> each model family's codes.

* NLLB-200 uses FLORES-200 codes ``<iso639-3>_<Script>`` (``swh_Latn``, ``zho_Hans``).
* M2M100 uses ISO 639-1 codes wrapped as tokens ``__de__``.
* Marian/OPUS-MT multi-target models use ``>>deu<<`` tokens; bilingual ones need none.

The tables say what a family *can* name; whether a loaded model has the code is checked
against its vocabulary by :mod:`xproj_core.translate.hf`.
"""

from __future__ import annotations

from ..errors import ConfigError

#: FLORES-200 codes of NLLB-200 (the 202 language/script pairs of the model card).
NLLB_CODES: tuple[str, ...] = tuple("""
ace_Arab ace_Latn acm_Arab acq_Arab aeb_Arab afr_Latn ajp_Arab aka_Latn amh_Ethi apc_Arab arb_Arab
ars_Arab ary_Arab arz_Arab asm_Beng ast_Latn awa_Deva ayr_Latn azb_Arab azj_Latn bak_Cyrl bam_Latn
ban_Latn bel_Cyrl bem_Latn ben_Beng bho_Deva bjn_Arab bjn_Latn bod_Tibt bos_Latn bug_Latn bul_Cyrl
cat_Latn ceb_Latn ces_Latn cjk_Latn ckb_Arab crh_Latn cym_Latn dan_Latn deu_Latn dik_Latn dyu_Latn
dzo_Tibt ell_Grek eng_Latn epo_Latn est_Latn eus_Latn ewe_Latn fao_Latn pes_Arab fij_Latn fin_Latn
fon_Latn fra_Latn fur_Latn fuv_Latn gla_Latn gle_Latn glg_Latn grn_Latn guj_Gujr hat_Latn hau_Latn
heb_Hebr hin_Deva hne_Deva hrv_Latn hun_Latn hye_Armn ibo_Latn ilo_Latn ind_Latn isl_Latn ita_Latn
jav_Latn jpn_Jpan kab_Latn kac_Latn kam_Latn kan_Knda kas_Arab kas_Deva kat_Geor knc_Arab knc_Latn
kaz_Cyrl kbp_Latn kea_Latn khm_Khmr kik_Latn kin_Latn kir_Cyrl kmb_Latn kon_Latn kor_Hang kmr_Latn
lao_Laoo lvs_Latn lij_Latn lim_Latn lin_Latn lit_Latn lmo_Latn ltg_Latn ltz_Latn lua_Latn lug_Latn
luo_Latn lus_Latn mag_Deva mai_Deva mal_Mlym mar_Deva min_Latn mkd_Cyrl plt_Latn mlt_Latn mni_Beng
khk_Cyrl mos_Latn mri_Latn zsm_Latn mya_Mymr nld_Latn nno_Latn nob_Latn npi_Deva nso_Latn nus_Latn
nya_Latn oci_Latn gaz_Latn ory_Orya pag_Latn pan_Guru pap_Latn pol_Latn por_Latn prs_Arab pbt_Arab
quy_Latn ron_Latn run_Latn rus_Cyrl sag_Latn san_Deva sat_Beng scn_Latn shn_Mymr sin_Sinh slk_Latn
slv_Latn smo_Latn sna_Latn snd_Arab som_Latn sot_Latn spa_Latn als_Latn srd_Latn srp_Cyrl ssw_Latn
sun_Latn swe_Latn swh_Latn szl_Latn tam_Taml tat_Cyrl tel_Telu tgk_Cyrl tgl_Latn tha_Thai tir_Ethi
taq_Latn taq_Tfng tpi_Latn tsn_Latn tso_Latn tuk_Latn tum_Latn tur_Latn twi_Latn tzm_Tfng uig_Arab
ukr_Cyrl umb_Latn urd_Arab uzn_Latn vec_Latn vie_Latn war_Latn wol_Latn xho_Latn ydd_Hebr yor_Latn
yue_Hant zho_Hans zho_Hant zul_Latn
""".split())

#: ISO 639-1 codes of M2M100 (418M/1.2B/12B): 100 languages.
M2M100_CODES: tuple[str, ...] = tuple("""
af am ar ast az ba be bg bn br bs ca ceb cs cy da de el en es et fa ff fi fr fy ga gd gl gu ha he hi
hr ht hu hy id ig ilo is it ja jv ka kk km kn ko lb lg ln lo lt lv mg mk ml mn mr ms my ne nl no ns
oc or pa pl ps pt ro ru sd si sk sl so sq sr ss su sv sw ta th tl tn tr uk ur uz vi wo xh yi yo zh zu
""".split())

#: ISO 639-1 -> ISO 639-3 (individual language, as NLLB names it where it differs from the macro code).
ISO1_TO_3: dict[str, str] = {
    "af": "afr", "ak": "aka", "am": "amh", "ar": "arb", "as": "asm", "ay": "ayr", "az": "azj", "ba": "bak",
    "be": "bel", "bg": "bul", "bm": "bam", "bn": "ben", "bo": "bod", "br": "bre", "bs": "bos", "ca": "cat",
    "cs": "ces", "cy": "cym", "da": "dan", "de": "deu", "dz": "dzo", "ee": "ewe", "el": "ell", "en": "eng",
    "eo": "epo", "es": "spa", "et": "est", "eu": "eus", "fa": "pes", "ff": "fuv", "fi": "fin", "fj": "fij",
    "fo": "fao", "fr": "fra", "fy": "fry", "ga": "gle", "gd": "gla", "gl": "glg", "gn": "grn", "gu": "guj",
    "ha": "hau", "he": "heb", "hi": "hin", "hr": "hrv", "ht": "hat", "hu": "hun", "hy": "hye", "id": "ind",
    "ig": "ibo", "is": "isl", "it": "ita", "ja": "jpn", "jv": "jav", "ka": "kat", "kg": "kon", "ki": "kik",
    "kk": "kaz", "km": "khm", "kn": "kan", "ko": "kor", "ks": "kas", "ku": "kmr", "ky": "kir", "lb": "ltz",
    "lg": "lug", "li": "lim", "ln": "lin", "lo": "lao", "lt": "lit", "lu": "lua", "lv": "lvs", "mg": "plt",
    "mi": "mri", "mk": "mkd", "ml": "mal", "mn": "khk", "mr": "mar", "ms": "zsm", "mt": "mlt", "my": "mya",
    "nb": "nob", "ne": "npi", "nl": "nld", "nn": "nno", "no": "nob", "ny": "nya", "oc": "oci", "om": "gaz",
    "or": "ory", "pa": "pan", "pl": "pol", "ps": "pbt", "pt": "por", "qu": "quy", "rn": "run", "ro": "ron",
    "ru": "rus", "rw": "kin", "sa": "san", "sc": "srd", "sd": "snd", "sg": "sag", "si": "sin", "sk": "slk",
    "sl": "slv", "sm": "smo", "sn": "sna", "so": "som", "sq": "als", "sr": "srp", "ss": "ssw", "st": "sot",
    "su": "sun", "sv": "swe", "sw": "swh", "ta": "tam", "te": "tel", "tg": "tgk", "th": "tha", "ti": "tir",
    "tk": "tuk", "tl": "tgl", "tn": "tsn", "tr": "tur", "ts": "tso", "tt": "tat", "tw": "twi", "ug": "uig",
    "uk": "ukr", "ur": "urd", "uz": "uzn", "vi": "vie", "wo": "wol", "xh": "xho", "yi": "ydd", "yo": "yor",
    "zh": "zho", "zu": "zul",
}

#: ISO 639-3 macro-language or alternative code -> the individual code NLLB uses.
MACRO_TO_NLLB: dict[str, str] = {
    "ara": "arb", "aze": "azj", "est": "est", "fas": "pes", "per": "pes", "kur": "kmr", "lav": "lvs",
    "mlg": "plt", "mon": "khk", "msa": "zsm", "may": "zsm", "nep": "npi", "nor": "nob", "orm": "gaz",
    "pus": "pbt", "que": "quy", "sqi": "als", "alb": "als", "swa": "swh", "uzb": "uzn", "yid": "ydd",
    "chi": "zho", "ger": "deu", "fre": "fra", "dut": "nld", "cze": "ces", "gre": "ell", "ful": "fuv",
    "aym": "ayr", "kau": "knc", "grn": "grn",
}

#: preferred script when a language has several in NLLB.
DEFAULT_SCRIPT: dict[str, str] = {
    "ace": "Latn", "bjn": "Latn", "kas": "Arab", "knc": "Latn", "taq": "Latn", "zho": "Hans", "sat": "Beng",
}

#: ISO 639-3 -> ISO 639-1 for M2M100 (inverse of ISO1_TO_3 plus M2M100's own three-letter names).
_ISO3_TO_1 = {v: k for k, v in ISO1_TO_3.items() if k not in ("nb",)}
_ISO3_TO_1.update({"ara": "ar", "fas": "fa", "swa": "sw", "msa": "ms", "zho": "zh", "ceb": "ceb",
                   "ast": "ast", "ilo": "ilo", "nso": "ns", "est": "et", "lav": "lv", "nep": "ne",
                   "sqi": "sq", "uzb": "uz", "mon": "mn", "yid": "yi", "aze": "az", "kur": "ku"})

FAMILIES = ("nllb", "m2m100", "marian")


def parse(lang: str) -> tuple[str, str]:
    """Split ``"zh-Hant"``, ``"zho_Hant"``, ``"de"`` into ``(language, script)`` (script may be "")."""
    lang = lang.strip()
    for sep in ("_", "-"):
        if sep in lang:
            base, _, script = lang.partition(sep)
            return base.lower(), script[:1].upper() + script[1:].lower()
    return lang.lower(), ""


def iso3(lang: str) -> str:
    """ISO 639-3 code of ``lang`` as NLLB names it (``sw`` -> ``swh``, ``ara`` -> ``arb``)."""
    base, _ = parse(lang)
    if len(base) == 2:
        if base not in ISO1_TO_3:
            raise ConfigError("language", lang, hint="use an ISO 639-1 or 639-3 code")
        base = ISO1_TO_3[base]
    return MACRO_TO_NLLB.get(base, base)


def nllb_code(lang: str) -> str:
    """FLORES-200 code for NLLB, e.g. ``sw`` -> ``swh_Latn``, ``zh-Hant`` -> ``zho_Hant``."""
    if lang in NLLB_CODES:
        return lang
    base, script = parse(lang)
    code3 = iso3(lang)
    matches = [c for c in NLLB_CODES if c.split("_")[0] == code3]
    if script:
        matches = [c for c in matches if c.endswith("_" + script)]
    if not matches:
        raise ConfigError("language for NLLB-200", lang, hint="see translate/langcodes.py NLLB_CODES")
    if len(matches) > 1:
        pref = DEFAULT_SCRIPT.get(code3, "")
        matches = [c for c in matches if c.endswith("_" + pref)] or matches
    return matches[0]


def m2m100_code(lang: str) -> str:
    """ISO 639-1 code as M2M100 names it (``deu`` -> ``de``, ``nso`` -> ``ns``)."""
    base, _ = parse(lang)
    if len(base) == 3:
        base = _ISO3_TO_1.get(base, _ISO3_TO_1.get(MACRO_TO_NLLB.get(base, base), base))
    if base == "nso":
        base = "ns"
    if base not in M2M100_CODES:
        raise ConfigError("language for M2M100", lang, valid=M2M100_CODES)
    return base


def marian_candidates(lang: str) -> list[str]:
    """Target tokens a multi-target OPUS-MT model may use for ``lang``, most specific first."""
    base, script = parse(lang)
    out: list[str] = []
    try:
        code3 = iso3(lang)
    except ConfigError:
        code3 = base
    if script:
        out.append(f">>{code3}_{script}<<")
    out += [f">>{code3}<<", f">>{base}<<"]
    if len(base) == 3 and base in _ISO3_TO_1:
        out.append(f">>{_ISO3_TO_1[base]}<<")
    for iso1, i3 in ISO1_TO_3.items():  # macro codes (e.g. >>ara<<, >>swa<<) too
        if i3 == code3:
            out.append(f">>{iso1}<<")
    macro = [m for m, i in MACRO_TO_NLLB.items() if i == code3]
    out += [f">>{m}<<" for m in macro]
    return list(dict.fromkeys(out))


def same_language(a: str, b: str) -> bool:
    """True when two codes name the same language (``sw`` == ``swh_Latn`` == ``swa``)."""
    try:
        return iso3(a) == iso3(b)
    except ConfigError:
        return parse(a)[0] == parse(b)[0]


def code_for(family: str, lang: str) -> str:
    """The code ``family`` uses for ``lang`` (``nllb``: ``swh_Latn``; ``m2m100``: ``sw``)."""
    if family == "nllb":
        return nllb_code(lang)
    if family == "m2m100":
        return m2m100_code(lang)
    if family == "marian":
        return marian_candidates(lang)[0]
    raise ConfigError("model family", family, FAMILIES)
