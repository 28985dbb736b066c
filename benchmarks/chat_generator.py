"""A realistic WhatsApp export of any size, written from fragments this project wrote.

Two people texting over many months: short replies, logistics, warmth, the odd complaint,
emoji, multi-line messages, media placeholders, bursts and long silences. Deterministic
for a given seed, so runs are comparable.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

SHORT = [
    "ok",
    "okay",
    "yes",
    "no",
    "lol",
    "haha",
    "sure",
    "k",
    "thanks",
    "👍",
    "❤️",
    "😂",
    "on it",
    "omw",
    "sounds good",
    "maybe",
    "night",
    "morning",
    "same",
    "yep",
]
OPEN = ["hey", "so", "babe", "hun", "hi", "listen", "quick one", "btw", "also", "oh and"]
BODY = [
    "can you grab milk on the way home",
    "the plumber is coming at {h}",
    "did you call your mum back",
    "I booked the table for friday",
    "the kids have practice until {h}",
    "running late, traffic on the ring road",
    "what time are you back",
    "thanks for fixing the gate, it looks great",
    "I loved our walk on sunday",
    "you never answer when I call",
    "why do you always leave your plates in the sink",
    "we need to talk tonight",
    "I'm proud of how you handled your boss today",
    "are you still at the garage",
    "I saved you some soup, it's on the stove",
    "did you see the electricity bill",
    "let's get pizza tonight",
    "I miss you today",
    "the car is making that noise again",
    "can you pick up the dry cleaning",
    "you forgot the bins again",
    "how was the meeting",
    "I'm so tired of doing everything myself",
    "your sister called about christmas",
    "remember the tent in the rain 😂",
    "I'm at the pharmacy, need anything",
    "don't forget the dentist at {h}",
    "that film was better than I thought",
    "I can't believe you did that without asking me",
    "good luck with the interview",
]
CLOSE = ["", "", "", " x", " 🙂", " ok?", "!", "??", " please", " love you", " lol"]
MEDIA = ["<Media omitted>", "image omitted", "sticker omitted"]


PEOPLE = [
    "Sam",
    "your mum",
    "Priya",
    "the neighbours",
    "Tom",
    "Grandad",
    "Jess",
    "the vet",
    "Leo's teacher",
    "Aunt Rosa",
    "the landlord",
    "Marco",
    "the school",
]
PLACES = [
    "Tesco",
    "the garage",
    "the park",
    "work",
    "the station",
    "Ikea",
    "the gym",
    "the pharmacy",
    "your sister's",
    "the bakery",
    "the office",
    "the pool",
]
THINGS = [
    "the blue folder",
    "bread",
    "the car keys",
    "batteries",
    "the parcel",
    "nappies",
    "the charger",
    "wine for saturday",
    "the passports",
    "cat food",
    "the receipts",
]
EXTRA = [
    "{p} says hi",
    "I'm at {w} now",
    "can you bring {t}",
    "{p} called about {t}",
    "I left {t} at {w}",
    "meet you at {w} at {h}?",
    "{p} is coming round at {h}",
    "no rush, I'm still at {w}",
    "have you seen {t} anywhere",
    "{p} wants to know about {w}",
]


def _fill(text: str, rng: random.Random) -> str:
    return text.format(
        h=f"{rng.randint(1, 11)}:{rng.choice(['00', '15', '30', '45'])}",
        p=rng.choice(PEOPLE),
        w=rng.choice(PLACES),
        t=rng.choice(THINGS),
    )


def message(rng: random.Random) -> str:
    """About a third are the short replies every chat repeats; the rest vary like real
    messages do (most of them occur once)."""
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(SHORT)
    if roll < 0.33:
        return rng.choice(MEDIA)
    text = _fill(rng.choice(BODY + EXTRA), rng)
    if rng.random() < 0.5:
        text += ", " + _fill(rng.choice(EXTRA), rng)
    if rng.random() < 0.3:
        text = f"{rng.choice(OPEN)} {text}"
    if rng.random() < 0.15:
        text = text[0].upper() + text[1:] + "."
    text += rng.choice(CLOSE)
    if rng.random() < 0.04:
        text += "\n" + _fill(rng.choice(BODY), rng)
    return text


def write_export(path: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    when = datetime(2024, 1, 1, 7, 30)
    who = "Maya"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"{when:%d/%m/%Y, %H:%M} - Messages and calls are end-to-end encrypted.\n")
        for _ in range(count):
            gap = rng.random()
            if gap < 0.6:
                when += timedelta(seconds=rng.randint(5, 300))
            elif gap < 0.95:
                when += timedelta(minutes=rng.randint(5, 240))
            else:
                when += timedelta(hours=rng.randint(6, 20))
            if rng.random() < 0.45:
                who = "Daniel" if who == "Maya" else "Maya"
            fh.write(f"{when:%d/%m/%Y, %H:%M} - {who}: {message(rng)}\n")
    return path
