"""Is this English? A cheap test, good enough to add a note, never to refuse a check.

The check is tuned for English. Loading a language-identification model would cost more
than the whole check, so we look at two things: the share of letters outside the Latin
script, and, for Latin text, the share of very common English words and texting forms.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_ASCII_WORD = re.compile(r"[a-z]+")  # the same, in lower-cased ASCII text
_COMMON = frozenset(
    """
    a about after again all am an and any are as at back be because been before being but by
    can cant come could day did didnt do does dont down even ever every for from get go
    going gonna got had has have he her here him his home how i if im in into is isnt it its
    ive just know last let like love me more much my need never new no not now of off oh ok
    okay on one only or our out over please really right said say see she so some still take
    talk tell than thank thanks that thats the their them then there they think this time to
    today tonight too u up ur us very wanna want was we well were what when where which
    while who why will with wont would yeah yes you youre your lol omg pls tbh idk babe hon
    miss sorry feel always hey hi
    """.split()
)


# Very common words of other languages written in Latin script, none of them English words.
_OTHER = frozenset(
    """
    que qué de la el en y los las es por con para una pero muy está estoy mi yo lo se ya más
    sé eso esto cuando porque también hacer nada je il elle nous vous le les des et est pas
    ne qui une pour avec mais très suis mon ma moi toi ich du er sie wir der das und ist
    nicht ein eine zu mit aber sehr bin mein dich mich eu você não é um uma com mas muito
    meu minha io non che di è molto sono mio della het een niet ik jij maar ook wat
    """.split()
)


def looks_english(text: str) -> bool:
    lowered = text.lower()
    words = (_ASCII_WORD if lowered.isascii() else _WORD).findall(lowered)
    if not words:
        return True  # emoji, numbers, "??": nothing to say about the language
    if not text.isascii():
        letters = "".join(words)
        latin = sum(1 for ch in letters if ch < "\u0250")
        if latin / len(letters) < 0.5:
            return False
    if len(words) < 4:
        return True
    english = sum(map(_COMMON.__contains__, words))
    other = sum(map(_OTHER.__contains__, words))
    return other <= english and english / len(words) >= 0.2
